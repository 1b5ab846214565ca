package dev.amend.registry.discovery;

import dev.amend.api.InvalidInputException;

/** Two providers of one kind share a name (ignoring case); the message names both classes and where they came from. */
public final class DuplicateProviderException extends InvalidInputException {

    public DuplicateProviderException(Discovered first, Discovered second) {
        super("two " + first.kind().label() + " providers are named '" + first.name() + "': "
                + first.provider().getClass().getName() + " from " + first.origin() + " and "
                + second.provider().getClass().getName() + " from " + second.origin()
                + "; remove one of them (names are compared ignoring case)");
    }
}
