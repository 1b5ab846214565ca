package dev.amend.api;

/** The hparams of a provider that takes no options. */
public record NoHParams() implements HParams {}
