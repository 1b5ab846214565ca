package dev.amend.registry.discovery;

import java.util.regex.Pattern;

/** The naming rule for providers: a letter, then letters, digits, {@code _} or {@code -}; compared ignoring case. */
public final class ProviderNames {

    /** {@code [A-Za-z][A-Za-z0-9_-]*}. */
    public static final Pattern PATTERN = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

    private ProviderNames() {}

    /**
     * {@return whether {@code name} follows the rule}
     *
     * @param name a provider name, or null
     */
    public static boolean isValid(String name) {
        return name != null && PATTERN.matcher(name).matches();
    }

    /**
     * {@return the lookup key of {@code name} (lower case), once checked}
     *
     * @param name a provider name
     * @throws IllegalArgumentException naming the offending name and the rule
     */
    public static String checked(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("invalid provider name '" + name
                    + "': expected a letter followed by letters, digits, '_' or '-' (" + PATTERN.pattern() + ")");
        }
        return key(name);
    }

    /**
     * {@return the case-insensitive lookup key of a name}
     *
     * @param name a provider name
     */
    public static String key(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }
}
