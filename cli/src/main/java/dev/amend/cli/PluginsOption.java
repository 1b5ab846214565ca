package dev.amend.cli;

import jakarta.inject.Singleton;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --plugins DIR}: where plugin JARs are found besides the class path (default: {@code $AMEND_PLUGINS}).
 * One object per run: every command that declares it as a mixin shares it, and only the command that runs parses it,
 * so after parsing it holds that command's choice, from which {@link CommandLineModule} builds the runtime.
 */
@Singleton
public final class PluginsOption {

    @Option(names = "--plugins", paramLabel = "DIR", defaultValue = "${env:AMEND_PLUGINS}",
            description = "Directory of plugin JARs (each JAR, or sub-directory of JARs, is one plugin). "
                    + "Default: $AMEND_PLUGINS, else none.")
    Path directory;

    /** The plugins directory given, or null for the class path's providers only. */
    public Path directory() {
        return directory;
    }
}
