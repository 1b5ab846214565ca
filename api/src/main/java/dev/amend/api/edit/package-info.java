/**
 * Edits: what to change ({@link dev.amend.api.edit.EditRequest}), who changes it
 * ({@link dev.amend.api.edit.EditMethod}, made by an {@link dev.amend.api.edit.EditMethodProvider} that declares
 * its {@link dev.amend.api.edit.EditCapability capabilities}), and the result
 * ({@link dev.amend.api.edit.AppliedEdit}: revertible, with its weight deltas, savable).
 */
package dev.amend.api.edit;
