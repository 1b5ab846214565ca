package dev.amend.registry;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** Suggests the closest known name to a mistyped one. */
public final class DidYouMean {

    private DidYouMean() {}

    /** The known name closest to {@code typed} (ignoring case), if it is close enough to be a likely typo. */
    public static Optional<String> closest(String typed, Collection<String> known) {
        String t = typed.toLowerCase(Locale.ROOT);
        return known.stream()
                .min(Comparator.comparingInt((String k) -> distance(t, k.toLowerCase(Locale.ROOT))).thenComparing(k -> k))
                .filter(k -> {
                    String lower = k.toLowerCase(Locale.ROOT);
                    return distance(t, lower) <= Math.max(2, lower.length() / 3) || lower.startsWith(t) || t.startsWith(lower);
                });
    }

    /** " (did you mean 'x'?)" or "". */
    public static String hint(String typed, Collection<String> known) {
        return closest(typed, known).map(k -> " (did you mean '" + k + "'?)").orElse("");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
