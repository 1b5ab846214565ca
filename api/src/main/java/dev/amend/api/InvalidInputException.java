package dev.amend.api;

/**
 * Bad input from a user: a file, field, record or name that is not what was expected. The message names the
 * culprit and what was expected; front ends show it as is (the command line exits with status 2).
 */
public class InvalidInputException extends RuntimeException {

    /**
     * An error the user can fix.
     * @param message what is wrong, naming the file, field or name at fault, and what was expected
     */
    public InvalidInputException(String message) {
        super(message);
    }

    /**
     * An error the user can fix, found through another exception.
     * @param message what is wrong, naming the file, field or name at fault, and what was expected
     * @param cause the exception that revealed it
     */
    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
