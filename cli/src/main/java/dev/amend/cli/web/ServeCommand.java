package dev.amend.cli.web;

import dev.amend.cli.CountOptions;
import dev.amend.cli.EmbeddedModel;
import dev.amend.cli.EmbeddedModelOption;
import dev.amend.cli.PluginsOption;
import dev.amend.registry.AmendRuntime;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code amend serve}: the online editing demo, a web page and its JSON API on the loopback interface. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the online editing demo: ask the model, edit a fact, compare, revert (loopback only).")
public final class ServeCommand implements Callable<Integer> {

    @Inject
    Provider<AmendRuntime> runtime;

    @Inject
    Clock clock;

    @Mixin
    PluginsOption plugins;

    @Mixin
    EmbeddedModelOption model;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default ${DEFAULT-VALUE}; 0: any free one).")
    int port;

    @Option(names = "--idle-minutes", defaultValue = "10",
            description = "A visitor's session, its edits and its copy of the model end after this long unused"
                    + " (default ${DEFAULT-VALUE}).")
    int idleMinutes;

    @Option(names = "--max-sessions", defaultValue = "8",
            description = "Visitors served at once, each with a copy of the model (default ${DEFAULT-VALUE}).")
    int maxSessions;

    @Option(names = "--sessions-per-address", defaultValue = "4",
            description = "Sessions one client address may hold at once (default ${DEFAULT-VALUE}).")
    int sessionsPerAddress;

    @Option(names = "--read-timeout-seconds", defaultValue = "10",
            description = "A connection that sends nothing for this long (headers or body half sent, or idle) is"
                    + " closed (default ${DEFAULT-VALUE}).")
    int readTimeoutSeconds;

    @Option(names = "--max-connections", defaultValue = "32",
            description = "Connections open at once; more wait to be accepted (default ${DEFAULT-VALUE}).")
    int maxConnections;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CountOptions.atLeastOne("--idle-minutes", idleMinutes);
        CountOptions.atLeastOne("--max-sessions", maxSessions);
        CountOptions.atLeastOne("--sessions-per-address", sessionsPerAddress);
        CountOptions.atLeastOne("--read-timeout-seconds", readTimeoutSeconds);
        CountOptions.atLeastOne("--max-connections", maxConnections);
        Path dir = model.directory();
        DemoServer.Settings settings = new DemoServer.Settings(port, Duration.ofMinutes(idleMinutes), maxSessions,
                sessionsPerAddress, Duration.ofSeconds(readTimeoutSeconds), maxConnections);
        try (DemoServer server = DemoServer.start(runtime.get(), dir, EmbeddedModel.statsOverrides(dir), settings,
                clock)) {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Amend demo on http://127.0.0.1:%d/ (model %s); Ctrl-C to stop%n", server.port(), dir);
            out.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }));
            stopped.await();
        }
        return 0;
    }
}
