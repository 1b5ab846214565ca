/**
 * The toy world: a deterministic synthetic world of 400 invented people and 2,000 facts, its training
 * stream (packed rows with in-context update episodes), its exports as editing data sets, and the pretrainer that
 * trains the embedded GPT-2 model on it.
 */
package dev.amend.trainers.toy;
