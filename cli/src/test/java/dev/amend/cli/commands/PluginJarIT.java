package dev.amend.cli.commands;

import static dev.amend.cli.AmendRun.amend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.api.HParams;
import dev.amend.api.ProviderKind;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.model.LanguageModel;
import dev.amend.cli.AmendRun.Result;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.EditOutcome;
import dev.amend.registry.Editor;
import dev.amend.registry.discovery.Discovered;
import dev.amend.testkit.tiny.TinyFacts;
import dev.amend.testkit.tiny.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example plugin, built as its own JAR, dropped into a plugins directory. */
class PluginJarIT {

    @TempDir
    Path temp;

    private static Path exampleJar() throws IOException {
        Path dir = Path.of(System.getProperty("amend.it.plugins"));
        try (Stream<Path> jars = Files.list(dir)) {
            return jars.filter(p -> p.getFileName().toString().startsWith("amend-example-constrained-ft")).findFirst()
                    .orElseThrow(() -> new AssertionError("the example plugin JAR was not copied to " + dir));
        }
    }

    private Path pluginsWith(String... names) throws IOException {
        Path dir = Files.createDirectories(temp.resolve("plugins"));
        for (String name : names) {
            Files.copy(exampleJar(), dir.resolve(name));
        }
        return dir;
    }

    @Test
    void theExampleIsNotOnTheClassPathButIsFoundInThePluginsDirectory() throws IOException {
        assertThat(AmendRuntime.create(null).providers().methods()).doesNotContainKey("constrained-ft");
        Path plugins = pluginsWith("constrained-ft.jar");
        Discovered found = AmendRuntime.create(plugins).catalog().providers(ProviderKind.EDIT_METHOD).stream()
                .filter(d -> d.name().equals("constrained-ft")).findFirst().orElseThrow();
        assertThat(found.name()).isEqualTo("constrained-ft");
        assertThat(found.plugin()).isTrue();
        assertThat(found.origin()).isEqualTo(plugins.resolve("constrained-ft.jar").toString());
    }

    @Test
    void amendListShowsThePluginAndItsJar() throws IOException {
        Path plugins = pluginsWith("constrained-ft.jar");
        Result result = amend("list", "--plugins", plugins.toString());
        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("Edit methods (13)")
                .containsPattern("  constrained-ft +fine-tunes MLP output projections")
                .contains("capabilities: BATCH, GRADIENT, SEQUENTIAL, WEIGHT_DELTA")
                .contains("from: " + plugins.resolve("constrained-ft.jar") + " (plugin)");
    }

    @Test
    void twoJarsWithTheSameProviderNameAreRefusedNamingBoth() throws IOException {
        Path plugins = pluginsWith("a.jar", "b.jar");
        Result result = amend("list", "--plugins", plugins.toString());
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("two edit method providers are named 'constrained-ft'")
                .contains(plugins.resolve("a.jar").toString())
                .contains(plugins.resolve("b.jar").toString());
    }

    @Test
    void thePluginsMethodEditsAModelThroughTheSharedRuntime() throws IOException {
        AmendRuntime runtime = AmendRuntime.create(pluginsWith("constrained-ft.jar"));
        EditMethodProvider<?> provider = runtime.providers().method("constrained-ft");
        HParams hparams = runtime.hparams().load(provider, Path.of("../examples/constrained-ft/hparams/tiny.yaml"))
                .hparams();
        try (LanguageModel model = TinyModels.random(7);
             Editor editor = runtime.editor("constrained-ft", hparams, model, dev.amend.api.edit.EditContext.defaults())) {
            EditOutcome outcome = editor.edit(List.of(TinyFacts.requests().get(0)));
            assertThat(outcome.scores().get(0).pre().get("reliability")).isZero();
            assertThat(outcome.scores().get(0).post().get("reliability")).isEqualTo(1.0);
            outcome.edit().close();
        }
    }
}
