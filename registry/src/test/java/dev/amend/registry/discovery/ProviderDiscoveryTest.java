package dev.amend.registry.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.InvalidInputException;
import dev.amend.api.ProviderKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
