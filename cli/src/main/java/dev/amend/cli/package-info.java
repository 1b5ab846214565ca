/**
 * The {@code amend} command line: its entry point, the top-level command, the options and helpers its commands share,
 * and the Guice wiring that gives commands their collaborators. The commands live in {@code commands} (editing,
 * models, studies, docs), {@code web} (the online demo) and {@code bench} (benchmarks and load checks).
 * Exit status: 0 ok, 2 usage or bad input (the message names it), 1 internal error.
 */
package dev.amend.cli;
