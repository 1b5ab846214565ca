package dev.amend.cli.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hostile mutations of a valid input, drawn from one {@link Random}: byte flips, truncation, lines (fields) deleted,
 * duplicated or swapped, values swapped for another type, huge or non-finite numbers, negative sizes, deep nesting,
 * long, unicode and path-traversal strings. Each mutation says what it did in {@link #log()}, so a failing case can be
 * read and reproduced from its seed.
 */
final class Mutator {

    static final List<String> NUMBERS = List.of("NaN", ".nan", "Infinity", "-Infinity", ".inf", "-.inf", "1e309",
            "-1", "0", "-0.0", "2147483647", "-2147483648", "2147483648", "9223372036854775808", "1e-320",
            "99999999999999999999999", "0x10", "1_000", "1e6", "65536", "3.5");
    /** The most characters one "repeat" mutation adds, so that mutations never outgrow what a Java string holds. */
    private static final long MAX_ADDED_CHARS = 150_000_000L;

    static final List<String> STRINGS = List.of("x".repeat(10_000), "../../evil", "/etc/passwd", "..", "",
            "Café 北京 \u202e", "\\u0000", "{}", "${jndi:ldap://x}", "%s%n", "C:\\\\windows", "transformer.h.99.mlp",
            "a\\nb", "🙂".repeat(500), "model.safetensors", "F64", "BF16");
    static final List<String> VALUES = List.of("[]", "{}", "null", "true", "[1, 2]", "{\"a\": 1}", "\"7\"", "7",
            "[[[[[[[[]]]]]]]]", "-1");

    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.\"])-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?(?![\\w\"])");
    /** Possessive quantifiers: a plain alternation recurses per character and overflows the stack on long strings. */
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\\\n]++|\\\\.)*+\"");
    private static final Pattern SCALAR = Pattern.compile("(?<=[:\\[,]\\s?)(\"(?:[^\"\\\\\\n]++|\\\\.)*+\"|-?[\\w.+-]++)");

    private final Random random;
    private final List<String> log = new ArrayList<>();

    Mutator(Random random) {
        this.random = random;
    }

    /** What was done, in order. */
    List<String> log() {
        return log;
    }

    Random random() {
        return random;
    }

    <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    /** One to three structure-aware or byte-level mutations of a JSON or YAML text. */
    byte[] text(byte[] input) {
        byte[] b = input;
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            b = random.nextInt(5) == 0 ? bytesOnce(b) : textOnce(new String(b, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
        }
        return b;
    }

    /** One to three byte-level mutations. */
    byte[] bytes(byte[] input) {
        byte[] b = input;
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            b = bytesOnce(b);
        }
        return b;
    }

    private String textOnce(String s) {
        switch (random.nextInt(9)) {
            case 0: return replace(s, NUMBER, pick(NUMBERS), "number");
            case 1: return replace(s, STRING, "\"" + pick(STRINGS) + "\"", "string");
            case 2: return replace(s, SCALAR, pick(VALUES), "value");
            case 3: {
                int depth = pick(List.of(100, 1_000, 100_000));
                return replace(s, SCALAR, "[".repeat(depth) + "]".repeat(depth), "value with nesting " + depth + " of");
            }
            case 4: return lines(s, "delete");
            case 5: return lines(s, "duplicate");
            case 6: return lines(s, "swap");
            case 7: {
                int times = pick(List.of(10, 1_000, 20_000));
                return lines(s, "repeat " + times);
            }
            default: return replace(s, STRING, "\"" + pick(STRINGS).repeat(1 + random.nextInt(3)) + "\"", "string");
        }
    }

    private String replace(String s, Pattern pattern, String by, String what) {
        Matcher m = pattern.matcher(s);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return s;
        }
        int[] span = pick(spans);
        log.add(what + " " + abbreviate(s.substring(span[0], span[1])) + " at " + span[0] + " -> " + abbreviate(by));
        return s.substring(0, span[0]) + by + s.substring(span[1]);
    }

    private String lines(String s, String op) {
        List<String> lines = new ArrayList<>(Arrays.asList(s.split("\n", -1)));
        int i = random.nextInt(lines.size());
        String line = lines.get(i);
        if (op.startsWith("repeat ")) {   // at most about 150 M characters added: Java strings end at 2^31
            int times = (int) Math.min(Integer.parseInt(op.substring("repeat ".length())),
                    MAX_ADDED_CHARS / (line.length() + 1));
            op = "repeat " + times;
        }
        log.add(op + " line " + (i + 1) + " " + abbreviate(line));
        if (op.equals("delete")) {
            lines.remove(i);
        } else if (op.equals("duplicate")) {
            lines.add(i, line);
        } else if (op.equals("swap")) {
            int j = random.nextInt(lines.size());
            lines.set(i, lines.get(j));
            lines.set(j, line);
        } else {
            int times = Integer.parseInt(op.substring("repeat ".length()));
            for (int k = 0; k < times; k++) {
                lines.add(i, line);
            }
        }
        return String.join("\n", lines);
    }

    private byte[] bytesOnce(byte[] b) {
        if (b.length == 0) {
            log.add("insert 1 byte into empty input");
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(b.length);
        switch (random.nextInt(5)) {
            case 0: {
                byte[] c = b.clone();
                int mask = 1 + random.nextInt(255);
                c[at] ^= (byte) mask;
                log.add("flip byte " + at + " with 0x" + Integer.toHexString(mask));
                return c;
            }
            case 1: {
                log.add("truncate to " + at + " of " + b.length + " bytes");
                return Arrays.copyOf(b, at);
            }
            case 2: {
                int len = Math.min(b.length - at, 1 + random.nextInt(64));
                log.add("delete " + len + " bytes at " + at);
                byte[] c = new byte[b.length - len];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, at + len, c, at, b.length - at - len);
                return c;
            }
            case 3: {
                int len = Math.min(b.length - at, 1 + random.nextInt(256));
                log.add("duplicate " + len + " bytes at " + at);
                byte[] c = new byte[b.length + len];
                System.arraycopy(b, 0, c, 0, at + len);
                System.arraycopy(b, at, c, at + len, b.length - at);
                return c;
            }
            default: {
                byte[] junk = new byte[1 + random.nextInt(16)];
                random.nextBytes(junk);
                log.add("insert " + junk.length + " random bytes at " + at);
                byte[] c = new byte[b.length + junk.length];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(junk, 0, c, at, junk.length);
                System.arraycopy(b, at, c, at + junk.length, b.length - at);
                return c;
            }
        }
    }

    /** Writes {@code value} (little-endian, {@code width} bytes) over {@code b} at {@code at}, if it fits. */
    byte[] overwrite(byte[] b, int at, long value, int width, String what) {
        byte[] c = b.clone();
        for (int i = 0; i < width && at + i < c.length; i++) {
            c[at + i] = (byte) (value >>> (8 * i));
        }
        log.add(what + " at byte " + at + " = 0x" + Long.toHexString(value));
        return c;
    }

    static String abbreviate(String s) {
        return abbreviate(s, 60);
    }

    static String abbreviate(String s, int max) {
        String one = s.replace("\n", "\\n");
        return one.length() <= max ? "'" + one + "'"
                : "'" + one.substring(0, max - 20) + "…' (" + one.length() + " chars)";
    }
}
