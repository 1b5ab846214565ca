/**
 * Studies: a grid of edit methods × models × data sets × modes × hparams overrides, run into one JSONL file of
 * per-request rows with provenance, resumable after any interruption, and rendered into tables and charts from the
 * rows alone.
 */
package dev.amend.harness.study;
