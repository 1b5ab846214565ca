/**
 * The {@code amend} commands, one class each (editing, saved edits, models, training, studies, docs), with the helpers
 * only they use. Each gets its collaborators through its {@code @Inject} constructor.
 */
package dev.amend.cli.commands;
