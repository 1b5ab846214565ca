package dev.amend.harness.study;

import java.util.regex.Pattern;

/**
 * Names that a study turns into file or directory names (its own name under {@code runs/}, metric names in chart
 * files): letters, digits, {@code . _ -}, not starting with a dot, at most 100 characters, so that each names one
 * entry of the directory it is put in and never a path out of it.
 */
final class SimpleNames {

    /** What a simple name is, for error messages. */
    static final String EXPECTED = "a simple file name (letters, digits, '.', '_', '-', not starting with '.', at most "
            + "100 characters)";

    private static final Pattern SIMPLE = Pattern.compile("[\\p{L}\\p{N}_-][\\p{L}\\p{N}._-]{0,99}");

    private SimpleNames() {}

    /** Whether {@code name} is a simple name. */
    static boolean isSimple(String name) {
        return name != null && SIMPLE.matcher(name).matches();
    }
}
