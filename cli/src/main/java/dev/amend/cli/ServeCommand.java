package dev.amend.cli;

import com.sun.net.httpserver.HttpServer;
import dev.amend.harness.HParamsChoice;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code amend serve}: the online editing demo, a web page and its JSON API on the loopback interface. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the online editing demo: ask the model, edit a fact, compare, revert (loopback only).")
final class ServeCommand implements java.util.concurrent.Callable<Integer> {

    @Mixin
    PluginsOption plugins;

    @Option(names = "--model", paramLabel = "DIR", description = "Default: models/toy of this checkout.")
    Path model;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default ${DEFAULT-VALUE}; 0: any free one).")
    int port;

    @Option(names = "--idle-minutes", defaultValue = "30",
            description = "A visitor's session, its edits and its copy of the model end after this long unused.")
    int idleMinutes;

    @Option(names = "--max-sessions", defaultValue = "8",
            description = "Visitors served at once, each with a copy of the model (default ${DEFAULT-VALUE}).")
    int maxSessions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dir = EmbeddedModel.directory(model);
        var runtime = plugins.runtime();
        try (EditSessions sessions = new EditSessions(runtime, dir, Duration.ofMinutes(idleMinutes), maxSessions,
                Clock.systemUTC())) {
            DemoApi api = new DemoApi(runtime, sessions, statsOverrides(dir));
            HttpServer server = api.server(new InetSocketAddress("127.0.0.1", port));
            ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor();
            sweeper.scheduleAtFixedRate(() -> {
                EngineThreads.recordNoGradients();
                sessions.expireIdle();
            }, 1, 1, TimeUnit.MINUTES);
            server.start();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Amend demo on http://127.0.0.1:%d/ (model %s); Ctrl-C to stop%n",
                    server.getAddress().getPort(), dir);
            out.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.stop(0);
                sweeper.shutdownNow();
                stopped.countDown();
            }));
            stopped.await();
        }
        return 0;
    }

    /**
     * Second-moment statistics come from the model's corpus and are cached in the checkout (as {@code quickstart}
     * does), wherever the server is started from: for every method whose hparams have these keys.
     */
    static Map<String, String> statsOverrides(Path dir) {
        return Map.of("mom2_dataset", HParamsChoice.quoted(EmbeddedModel.corpus(dir)),
                "stats_dir", HParamsChoice.quoted(EmbeddedModel.home().resolve("data/stats")));
    }
}
