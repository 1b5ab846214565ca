package dev.amend.tutorials;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/tutorials/02-write-a-method-plugin.md: the example plugin's JAR, dropped into a plugins folder as the page
 * says, is found and edits the toy model with the page's hparams file.
 */
class PluginEditTest {

    @TempDir
    Path temp;

    @Test
    void theExamplePluginJarEditsTheToyModel() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        Path jar;
        try (Stream<Path> built = Files.list(Path.of("examples/constrained-ft/target"))) {
            jar = built.filter(p -> p.getFileName().toString().matches("amend-example-constrained-ft-[^-]+"
                    + "(-SNAPSHOT)?\\.jar")).findFirst().orElseThrow(() -> new AssertionError(
                    "the example plugin is built before the tutorials (mvn verify builds it)"));
            Files.copy(jar, plugins.resolve(jar.getFileName()));
        }

        String out = TutorialProgram.run("PluginEdit", plugins.toString());

        assertThat(out.lines()).containsExactly(
                "found constrained-ft in " + jar.getFileName(),
                "reliability before/after: 0.0 / 1.0");
    }
}
