package dev.amend.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.api.HParams;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.registry.AmendRuntime;
import dev.amend.testkit.BaseEditMethodContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The example plugin's method contract, run against the provider as the runtime finds it in a plugins folder: the JAR
 * as built (the toolkit bundled in it), loaded by its own class loader, its defaults read from inside the JAR.
 */
class PluginContractIT extends BaseEditMethodContractTest<HParams> {

    /** The plugins folder the build copies the example's JAR into. */
    private static final class Plugins {
        static final AmendRuntime RUNTIME = AmendRuntime.create(Path.of(System.getProperty("amend.it.plugins")));
    }

    @Override
    @SuppressWarnings("unchecked")
    protected EditMethodProvider<HParams> provider() {
        return (EditMethodProvider<HParams>) Plugins.RUNTIME.providers().method("constrained-ft");
    }

    @Override
    protected AmendRuntime runtime() {
        return Plugins.RUNTIME;
    }

    @Test
    void theProviderAndTheToolkitItUsesComeFromThePluginJar() throws ClassNotFoundException {
        ClassLoader plugin = provider().getClass().getClassLoader();
        assertThat(plugin).isNotSameAs(AmendRuntime.class.getClassLoader());
        Class<?> bundled = Class.forName("dev.amend.toolkit.edit.WeightDeltaEdit", false, plugin);
        assertThat(bundled.getClassLoader()).as("the plugin's own copy of the toolkit").isSameAs(plugin);
    }
}
