/**
 * The online editing demo ({@code amend serve}): a Javalin server on the loopback interface with one page and a JSON
 * API, a session per visitor with its own copy of the model, saved edits as zips, errors as RFC 9457 problem details.
 */
package dev.amend.cli.web;
