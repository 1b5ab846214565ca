/**
 * Readers of editing data sets in their public schemas (ZsRE in MEND's split, CounterFact, KnowEdit, MQuAKE), streamed
 * record by record into {@link dev.amend.api.edit.EditRequest}s, with errors naming the file, the record and the
 * field.
 */
package dev.amend.harness.data;
