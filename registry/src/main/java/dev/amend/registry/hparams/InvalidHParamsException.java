package dev.amend.registry.hparams;

import dev.amend.api.InvalidInputException;

/** An hparams file or value that is not what its record expects; the message names the file and key. */
public final class InvalidHParamsException extends InvalidInputException {

    public InvalidHParamsException(String message) {
        super(message);
    }

    public InvalidHParamsException(String message, Throwable cause) {
        super(message, cause);
    }
}
