/**
 * SERAC (Mitchell et al., 2022): edits kept in a memory beside the model, a scope classifier deciding whether an
 * input is covered by one of them, and a counterfactual model answering the covered inputs. So far: the classifier.
 */
package dev.amend.methods.serac;
