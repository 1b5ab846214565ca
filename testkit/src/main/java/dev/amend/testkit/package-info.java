/**
 * What a plugin author needs to test a provider: contract suites to extend
 * ({@link dev.amend.testkit.BaseEditMethodContractTest}, {@link dev.amend.testkit.BaseModelAdapterContractTest},
 * {@link dev.amend.testkit.BaseMetricContractTest}) and a tiny but real language model to run them on
 * ({@link dev.amend.testkit.tiny}).
 */
package dev.amend.testkit;
