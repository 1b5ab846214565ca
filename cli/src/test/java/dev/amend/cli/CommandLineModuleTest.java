package dev.amend.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.amend.api.ProviderKind;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.discovery.BrokenPlugin;
import dev.amend.registry.discovery.Discovered;
import dev.amend.registry.discovery.ProviderCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The wiring of commands: picocli makes them through Guice, every command's {@code --plugins} is one shared option,
 * and the runtime the commands receive is built, once, from what the command that runs was given.
 */
class CommandLineModuleTest {

    @TempDir
    Path plugins;

    private final Injector injector = Guice.createInjector(new CommandLineModule());
    private final CommandLine cli = new CommandLine(AmendCommand.class, new GuiceFactory(injector));

    @Test
    void theRuntimeHasThePluginsOfTheCommandThatRuns() throws IOException {
        Files.writeString(plugins.resolve("not-a-plugin.jar"), "these bytes are no JAR");
        cli.parseArgs("list", "--plugins", plugins.toString());

        ProviderCatalog catalog = injector.getInstance(AmendRuntime.class).catalog();
        assertThat(catalog.broken()).singleElement().extracting(BrokenPlugin::origin).asString()
                .contains("not-a-plugin.jar");
        assertThat(injector.getInstance(AmendRuntime.class)).as("made once")
                .isSameAs(injector.getInstance(AmendRuntime.class));
    }

    @Test
    void aCommandWithoutPluginsGetsTheClassPathsProvidersOnly() {
        cli.parseArgs("docs", "--check");

        assertThat(injector.getInstance(PluginsOption.class).directory()).isNull();
        ProviderCatalog catalog = injector.getInstance(AmendRuntime.class).catalog();
        assertThat(catalog.broken()).isEmpty();
        assertThat(catalog.providers(ProviderKind.EDIT_METHOD)).extracting(Discovered::name)
                .contains("rome", "memit").doesNotContain("constrained-ft");
    }

    @Test
    void whatGuiceCannotMakeComesFromPicocli() throws Exception {
        GuiceFactory factory = new GuiceFactory(injector);

        assertThat(factory.create(List.class)).isInstanceOf(ArrayList.class);
        assertThat(factory.create(PluginsOption.class)).isSameAs(injector.getInstance(PluginsOption.class));
    }

    @Test
    void everyCommandWithPluginsSharesOneOption() {
        List<Object> options = cli.getSubcommands().values().stream()
                .map(command -> command.getMixins().get("plugins")).filter(Objects::nonNull).toList();

        assertThat(options).hasSize(14).allSatisfy(option ->
                assertThat(option).isSameAs(injector.getInstance(PluginsOption.class)));
    }
}
