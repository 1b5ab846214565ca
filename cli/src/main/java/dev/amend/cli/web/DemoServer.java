package dev.amend.cli.web;

import dev.amend.registry.AmendRuntime;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The online demo, running: its page and API on a loopback port, each visitor with a copy of the model, idle
 * sessions closed (their edits reverted) by a sweep every minute. {@link #close} stops it all: the server's threads
 * would otherwise keep the JVM alive.
 */
public final class DemoServer implements AutoCloseable {

    /** Where and for how many: the port (0: any free one), when a session counts as idle, how many at once. */
    public record Settings(int port, Duration idleTimeout, int maxSessions) {}

    private final EditSessions sessions;
    private final Javalin app;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor();
    private boolean closed;

    private DemoServer(EditSessions sessions, Javalin app) {
        this.sessions = sessions;
        this.app = app;
    }

    /**
     * Serves the model in {@code modelDir} on 127.0.0.1.
     *
     * @param overrides hparams overrides applied after a method's preset, to each method whose hparams have the key
     */
    public static DemoServer start(AmendRuntime runtime, Path modelDir, Map<String, String> overrides,
                                   Settings settings, Clock clock) {
        EditSessions sessions = new EditSessions(runtime, modelDir, settings.idleTimeout(), settings.maxSessions(),
                clock);
        DemoServer server = new DemoServer(sessions, new DemoApi(runtime, sessions, overrides).app());
        try {
            server.app.start("127.0.0.1", settings.port());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        server.sweeper.scheduleAtFixedRate(() -> {
            EngineThreads.recordNoGradients();
            sessions.expireIdle();
        }, 1, 1, TimeUnit.MINUTES);
        return server;
    }

    /** The port it listens on. */
    public int port() {
        return app.port();
    }

    /** The weights' fingerprint of each live session's model with every edit reverted, in session order. */
    public List<String> baseFingerprints() {
        return sessions.ids().stream().map(sessions::find).filter(Objects::nonNull)
                .map(EditSession::baseFingerprint).toList();
    }

    /** Stops serving, then closes every session (their edits reverted, their models freed). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            app.stop();
            sweeper.shutdownNow();
        } finally {
            sessions.close();
        }
    }
}
