package dev.amend.registry.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.InvalidInputException;
import dev.amend.api.ProviderKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderDiscoveryTest {

    private static final String METHOD_SPI = "dev.amend.api.edit.EditMethodProvider";

    @TempDir
    Path temp;

    private Path plugins() throws IOException {
        return Files.createDirectories(temp.resolve("plugins"));
    }

    private Path methodJar(Path dir, String jarName, String pkg, String providerName, String constructorBody)
            throws IOException {
        String cls = pkg + ".Provider";
        return PluginJars.build(dir.resolve(jarName),
                Map.of(cls, PluginJars.methodProvider(pkg, "Provider", providerName, constructorBody)),
                Map.of(METHOD_SPI, List.of(cls)));
    }

    @Test
    void findsClasspathProvidersWithTheirOrigin() {
        ProviderCatalog catalog = ProviderDiscovery.discover(getClass().getClassLoader(), null);
        Discovered nudge = catalog.providers(ProviderKind.EDIT_METHOD).stream()
                .filter(d -> d.name().equals("nudge")).findFirst().orElseThrow();
        assertThat(nudge.plugin()).isFalse();
        assertThat(nudge.origin()).endsWith("test-classes");
        assertThat(catalog.broken()).isEmpty();
    }

    @Test
    void findsPluginJarsInTheirOwnClassLoaderThatSeesOnlyTheApi() throws IOException {
        Path jar = methodJar(plugins(), "alpha.jar", "com.example.alpha", "alpha-edit", "");
        ProviderCatalog catalog = ProviderDiscovery.discover(getClass().getClassLoader(), plugins());
        Discovered alpha = catalog.providers(ProviderKind.EDIT_METHOD).stream()
                .filter(d -> d.name().equals("alpha-edit")).findFirst().orElseThrow();
        assertThat(alpha.plugin()).isTrue();
        assertThat(alpha.origin()).isEqualTo(jar.toString());
        assertThat(alpha.provider().getClass().getClassLoader()).isInstanceOf(PluginClassLoader.class);
        // Guice is on the host's class path (registry depends on it) but hidden from plugins.
        assertThat(alpha.provider().description()).endsWith("host libraries visible: false");
    }

    @Test
    void aPluginDirectoryHoldsAPluginAndItsLibraries() throws IOException {
        Path dir = Files.createDirectories(plugins().resolve("gamma"));
        methodJar(dir, "gamma.jar", "com.example.gamma", "gamma", "");
        ProviderCatalog catalog = ProviderDiscovery.discover(getClass().getClassLoader(), plugins());
        assertThat(catalog.providers(ProviderKind.EDIT_METHOD)).extracting(Discovered::name).contains("gamma");
    }

    @Test
    void duplicateNamesFailNamingBothJars() throws IOException {
        Path first = methodJar(plugins(), "one.jar", "com.example.one", "Twin", "");
        Path second = methodJar(plugins(), "two.jar", "com.example.two", "twin", "");
        assertThatThrownBy(() -> ProviderDiscovery.discover(getClass().getClassLoader(), plugins()))
                .isInstanceOf(DuplicateProviderException.class)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("two edit method providers are named 'Twin'")
                .hasMessageContaining(first.toString())
                .hasMessageContaining(second.toString());
    }

    @Test
    void aPluginThatThrowsWhileLoadingIsReportedAndTheOthersStillLoad() throws IOException {
        methodJar(plugins(), "a-broken.jar", "com.example.broken", "broken",
                "throw new IllegalStateException(\"no licence file\");");
        methodJar(plugins(), "b-fine.jar", "com.example.fine", "fine", "");
        PluginJars.garbage(plugins().resolve("c-corrupt.jar"));

        ProviderCatalog catalog = ProviderDiscovery.discover(getClass().getClassLoader(), plugins());

        assertThat(catalog.providers(ProviderKind.EDIT_METHOD)).extracting(Discovered::name).contains("fine", "nudge")
                .doesNotContain("broken");
        assertThat(catalog.broken()).hasSize(2);
        assertThat(catalog.broken().get(0).origin()).contains("a-broken.jar");
        assertThat(catalog.broken().get(0).problem()).contains("no licence file");
        assertThat(catalog.broken().get(1).origin()).endsWith("c-corrupt.jar");
        assertThat(catalog.broken().get(1).problem()).startsWith("not a readable JAR");
    }

    @Test
    void aPluginThatEndsTheJvmWhileConstructedIsNamedAndTheExitIsBadInput() throws Exception {
        Path jar = methodJar(plugins(), "a-exit.jar", "com.example.exit", "exiting", "System.exit(0);");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ListPlugins.class.getName(), plugins().toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String stderr = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(child.exitValue()).as("the plugin asked for 0; a broken plugin is bad input").isEqualTo(2);
        assertThat(stderr).isEqualTo("amend: error: provider com.example.exit.Provider from " + jar + " ended the JVM"
                + " (System.exit) while it was being loaded; the plugin is broken: remove it from the plugins folder"
                + System.lineSeparator());
    }

    @Test
    void aPluginThatHangsWhileConstructedIsReportedByNameAfterTheLimit() throws IOException {
        methodJar(plugins(), "a-hang.jar", "com.example.hang", "hanging",
                "try { Thread.sleep(600_000); } catch (InterruptedException e) { while (true) { Thread.onSpinWait(); } }");
        methodJar(plugins(), "b-fine.jar", "com.example.fine", "fine", "");

        long start = System.nanoTime();
        ProviderCatalog catalog = ProviderDiscovery.discover(getClass().getClassLoader(), plugins(),
                Duration.ofMillis(1500));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(seconds).isBetween(1.5, 10.0);
        assertThat(catalog.providers(ProviderKind.EDIT_METHOD)).extracting(Discovered::name).contains("fine", "nudge");
        assertThat(catalog.broken()).singleElement().satisfies(b -> {
            assertThat(b.origin()).startsWith("com.example.hang.Provider from ").endsWith("a-hang.jar");
            assertThat(b.problem()).startsWith("edit method provider failed to load: did not finish within 1500 ms");
        });
    }

    @Test
    void theTimeLimitComesFromASystemPropertyAndMustBePositive() {
        String before = System.getProperty(PluginGuard.TIMEOUT_PROPERTY);
        try {
            System.setProperty(PluginGuard.TIMEOUT_PROPERTY, "2.5");
            assertThat(PluginGuard.configuredLimit()).isEqualTo(Duration.ofMillis(2500));
            System.setProperty(PluginGuard.TIMEOUT_PROPERTY, "-1");
            assertThatThrownBy(PluginGuard::configuredLimit).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("amend.plugins.timeout must be a positive number of seconds, got '-1'");
            System.clearProperty(PluginGuard.TIMEOUT_PROPERTY);
            assertThat(PluginGuard.configuredLimit()).isEqualTo(PluginGuard.DEFAULT_LIMIT);
        } finally {
            if (before == null) {
                System.clearProperty(PluginGuard.TIMEOUT_PROPERTY);
            } else {
                System.setProperty(PluginGuard.TIMEOUT_PROPERTY, before);
            }
        }
    }

    @Test
    void aServiceFileNamingAMissingClassIsReported() throws IOException {
        PluginJars.build(plugins().resolve("typo.jar"), Map.of(),
                Map.of(METHOD_SPI, List.of("com.example.DoesNotExist")));
        ProviderCatalog catalog = ProviderDiscovery.discover(getClass().getClassLoader(), plugins());
        assertThat(catalog.broken()).singleElement().satisfies(b -> {
            assertThat(b.origin()).endsWith("typo.jar");
            assertThat(b.problem()).contains("com.example.DoesNotExist");
        });
    }

    @Test
    void invalidNamesAreRejected() throws IOException {
        methodJar(plugins(), "bad-name.jar", "com.example.badname", "9 lives", "");
        ProviderCatalog catalog = ProviderDiscovery.discover(getClass().getClassLoader(), plugins());
        assertThat(catalog.broken()).singleElement().satisfies(b ->
                assertThat(b.problem()).contains("name '9 lives' does not match [A-Za-z][A-Za-z0-9_-]*"));
    }

    @Test
    void aMissingPluginsDirectoryIsBadInput() {
        assertThatThrownBy(() -> ProviderDiscovery.discover(getClass().getClassLoader(), temp.resolve("nope")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nope does not exist");
    }
}
