package dev.amend.cli;

import dev.amend.registry.AmendRuntime;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --plugins DIR}: where plugin JARs are found besides the class path (default: {@code $AMEND_PLUGINS}). */
final class PluginsOption {

    @Option(names = "--plugins", paramLabel = "DIR", defaultValue = "${env:AMEND_PLUGINS}",
            description = "Directory of plugin JARs (each JAR, or sub-directory of JARs, is one plugin). "
                    + "Default: $AMEND_PLUGINS, else none.")
    Path directory;

    /** Amend with the class path's providers and this directory's plugins. */
    AmendRuntime runtime() {
        return AmendRuntime.create(directory);
    }
}
