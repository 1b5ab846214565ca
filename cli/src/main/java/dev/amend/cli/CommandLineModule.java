package dev.amend.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.amend.api.Progress;
import dev.amend.harness.ConsoleProgress;
import dev.amend.harness.study.StudyRunner;
import dev.amend.registry.AmendRuntime;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;

/**
 * What commands are given. Commands are made before the command line is parsed, and {@code --plugins} decides which
 * providers the runtime has, so commands receive the runtime as a {@code Provider}: the first {@code get()}, in a
 * command's {@code call()}, builds it once from the parsed {@link PluginsOption}.
 * The injector must stay in Guice's default (development) stage, where singletons are made on first use.
 */
final class CommandLineModule extends AbstractModule {

    @Provides
    @Singleton
    AmendRuntime runtime(PluginsOption plugins) {
        return AmendRuntime.create(plugins.directory());
    }

    @Provides
    StudyRunner studyRunner(AmendRuntime runtime, Progress progress) {
        return new StudyRunner(runtime, progress, Map.of("amend", VersionProvider.version()));
    }

    /** Progress bars on standard error. */
    @Provides
    Progress progress() {
        return ConsoleProgress.forStandardError();
    }

    @Provides
    Clock clock() {
        return Clock.systemUTC();
    }
}
