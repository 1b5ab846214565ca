/**
 * SERAC (Mitchell et al., 2022): edits kept in a memory beside the model, a scope classifier deciding whether an
 * input is covered by one of them, and a counterfactual model answering the covered inputs; the archive that the
 * {@code serac} trainer writes holds the two trained models.
 */
package dev.amend.methods.serac;
