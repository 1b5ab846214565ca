/**
 * MEND (Mitchell et al., 2022): a hypernetwork, trained by the {@code mend} trainer, maps the gradient of an edit's
 * loss, in its rank-one pieces per token, to a weight update of chosen MLP output projections.
 */
package dev.amend.methods.mend;
