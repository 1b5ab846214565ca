package dev.amend.metrics.fluency;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ROME's fluency measure of one text ({@code compute_n_gram_entropy}): the entropy in bits of its bigram and of its
 * trigram frequency distributions, weighted 2/3 and 4/3, then averaged. Repetitive text scores low. Words are runs
 * of letters and digits, and every other non-space character is a word of its own (close to NLTK's
 * {@code word_tokenize} on plain text).
 */
final class NGramEntropy {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+|[^\\p{L}\\p{N}_\\s]");
    private static final int[] ORDERS = {2, 3};
    private static final double[] WEIGHTS = {2.0 / 3, 4.0 / 3};

    private NGramEntropy() {}

    /** The weighted mean of the bigram and trigram entropies of {@code text}, in bits. */
    static double of(String text) {
        List<String> words = words(text);
        double sum = 0;
        for (int i = 0; i < ORDERS.length; i++) {
            sum += WEIGHTS[i] * entropy(words, ORDERS[i]);
        }
        return sum / ORDERS.length;
    }

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    /** Entropy in bits of the frequency distribution of the n-grams of {@code words}; 0 when there are none. */
    static double entropy(List<String> words, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= words.size(); i++) {
            counts.merge(words.subList(i, i + n), 1, Integer::sum);
        }
        int total = words.size() - n + 1;
        double bits = 0;
        for (int count : counts.values()) {
            double p = (double) count / total;
            bits -= p * Math.log(p) / Math.log(2);
        }
        return bits;
    }
}
