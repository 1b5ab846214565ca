/**
 * An example third-party editing method, {@code constrained-ft}: fine-tunes the MLP output projection of chosen
 * layers on the new targets, with each weight change bounded in L∞ norm (EasyEdit's FT-L {@code norm_constraint}).
 * It shows the whole plugin contract: an hparams record with EasyEdit keys, a provider declaring capabilities, an
 * algorithm that uses only the API (hooks, weight sites, {@link dev.amend.toolkit.edit.WeightDeltaEdit}), a services
 * file, and a contract test.
 */
package dev.amend.examples.ft;
