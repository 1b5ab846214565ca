/** The {@code amend} command line. Exit status: 0 ok, 2 usage or bad input (the message names it), 1 internal error. */
package dev.amend.cli;
