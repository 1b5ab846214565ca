/**
 * The core metrics with EasyEdit's teacher-forced token semantics: reliability, generalization, locality and
 * portability. Each feeds {@code prompt + " " + answer} to the model and compares, at every answer token, the
 * model's argmax with the answer token (locality: with the unedited model's argmax).
 */
package dev.amend.metrics;
