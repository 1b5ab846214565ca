package dev.amend.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository explains itself: no source, page or data file points a newcomer at notes that live outside it (a
 * design notebook's sections) or at the tracker's issue letters, which mean nothing to someone reading the checkout.
 */
class SelfContainedRepositoryTest {

    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();

    /** Spelled in two parts so that this file does not match itself. */
    private static final Pattern OUTSIDE_REFERENCE = Pattern.compile(
            "DESIGN" + "\\s*§|\\.\\./shared/|\\b[Ii]ssues? [A-S]\\b");

    /** Build output, local runs and version control: not the repository's content. */
    private static final Set<String> SKIPPED_FOLDERS = Set.of(".git", "target", "runs", "node_modules");

    @Test
    void noFileReferencesNotesOutsideTheRepositoryOrIssueLetters() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CHECKOUT)) {
            for (Path file : files.filter(Files::isRegularFile).filter(SelfContainedRepositoryTest::isText)
                    .filter(SelfContainedRepositoryTest::isContent).toList()) {
                List<String> lines = read(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (OUTSIDE_REFERENCE.matcher(lines.get(i)).find()) {
                        found.add(CHECKOUT.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(found).as("references to notes outside the repository or to issue letters").isEmpty();
    }

    private static boolean isContent(Path file) {
        for (Path part : CHECKOUT.relativize(file)) {
            if (SKIPPED_FOLDERS.contains(part.toString())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isText(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".java") || name.endsWith(".md") || name.endsWith(".yaml") || name.endsWith(".xml")
                || name.endsWith(".py") || name.endsWith(".html") || name.endsWith(".js") || name.equals("amend")
                || name.equals("run");
    }

    private static List<String> read(Path file) throws IOException {
        try {
            return Files.readAllLines(file);
        } catch (MalformedInputException binary) {
            return List.of();
        }
    }
}
