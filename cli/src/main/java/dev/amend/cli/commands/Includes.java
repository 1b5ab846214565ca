package dev.amend.cli.commands;

import dev.amend.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Code included by reference in Markdown pages, so that a page shows the code the build compiles and runs. A line
 * {@code <!-- include: PATH#TAG -->} is followed by a fenced block that holds the lines of {@code PATH} (relative to
 * the checkout) between {@code tag::TAG[]} and {@code end::TAG[]}, common indentation removed and other tag lines
 * dropped; without {@code #TAG}, the whole file. {@link #refresh} rewrites those blocks from the sources.
 */
final class Includes {

    private static final Pattern MARKER = Pattern.compile("^<!-- include: ([^#\\s]+)(?:#([\\w-]+))? -->$");
    private static final Pattern TAG_LINE = Pattern.compile("(tag|end)::[\\w-]+\\[]");

    private final Path root;

    /** @param root the checkout that include paths are relative to */
    Includes(Path root) {
        this.root = root;
    }

    /**
     * {@code page}'s text with every included block replaced by its source's current region.
     *
     * @throws InvalidInputException naming the page and line of a marker without a fenced block after it, or the
     *                               file or tag it names when they do not exist
     */
    String refresh(Path page, String text) throws IOException {
        List<String> lines = text.lines().toList();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            out.add(lines.get(i));
            Matcher marker = MARKER.matcher(lines.get(i).strip());
            if (!marker.matches()) {
                continue;
            }
            String where = page + ":" + (i + 1);
            int open = i + 1;
            if (open >= lines.size() || !lines.get(open).startsWith("```")) {
                throw new InvalidInputException(where + ": an include marker must be followed by a ``` fenced block");
            }
            int close = open + 1;
            while (close < lines.size() && !lines.get(close).equals("```")) {
                close++;
            }
            if (close == lines.size()) {
                throw new InvalidInputException(where + ": the fenced block after the include marker is not closed");
            }
            out.add(lines.get(open));
            out.addAll(region(where, marker.group(1), marker.group(2)));
            out.add("```");
            i = close;
        }
        return String.join("\n", out) + (text.endsWith("\n") ? "\n" : "");
    }

    /** The lines of {@code file}'s region {@code tag} (the whole file when null), dedented, tag lines dropped. */
    List<String> region(String where, String file, String tag) throws IOException {
        List<String> source;
        try {
            source = Files.readAllLines(root.resolve(file));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(where + ": included file " + file + " does not exist under " + root);
        }
        int from = 0;
        int to = source.size();
        if (tag != null) {
            from = indexOf(source, "tag::" + tag + "[]", 0) + 1;
            to = from == 0 ? -1 : indexOf(source, "end::" + tag + "[]", from);
            if (from == 0 || to < 0) {
                throw new InvalidInputException(where + ": " + file + " has no region '" + tag
                        + "' (lines between tag::" + tag + "[] and end::" + tag + "[])");
            }
        }
        List<String> kept = source.subList(from, to).stream().filter(l -> !TAG_LINE.matcher(l).find()).toList();
        int indent = kept.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return kept.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }

    private static int indexOf(List<String> lines, String needle, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i;
            }
        }
        return -1;
    }
}
