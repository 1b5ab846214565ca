package dev.amend.cli;

import dev.amend.api.InvalidInputException;

/** The check of the options that count something (requests, sessions, seconds): picocli takes 0 or -3 as given. */
public final class CountOptions {

    private CountOptions() {}

    /**
     * Refuses {@code value} below 1.
     *
     * @param option the option's name, for the message
     * @param value  what was given
     * @throws InvalidInputException naming the option and the value
     */
    public static void atLeastOne(String option, int value) {
        if (value < 1) {
            throw new InvalidInputException(option + " " + value + ": expected a whole number of at least 1");
        }
    }
}
