/**
 * Benchmarks and load checks that print figures for the documentation: forward throughput ({@code bench-forward}),
 * ROME and MEMIT edit times ({@code bench-edit}), the online demo under concurrent clients ({@code bench-serve}).
 */
package dev.amend.cli.bench;
