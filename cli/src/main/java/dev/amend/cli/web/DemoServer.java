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
 * sessions closed (their edits reverted) by a sweep every {@value #SWEEP_SECONDS} seconds, Jetty's
 * {@link ConnectionLimits} on every connection. {@link #close} stops it all: the server's threads would otherwise keep
 * the JVM alive.
 */
public final class DemoServer implements AutoCloseable {

    /** The interface served: loopback only. */
    static final String HOST = "127.0.0.1";
    /** How often idle sessions are looked for (and when a session is started). */
    static final int SWEEP_SECONDS = 10;

    /**
     * Where and for how many.
     *
     * @param port               the port (0: any free one)
     * @param idleTimeout        how long a session may go unused before it is closed
     * @param maxSessions        sessions at once, each with a copy of the model
     * @param sessionsPerAddress sessions at once for one client address
     * @param readTimeout        how long a connection may send nothing (headers, body, or between requests)
     * @param maxConnections     connections open at once
     */
    public record Settings(int port, Duration idleTimeout, int maxSessions, int sessionsPerAddress,
                           Duration readTimeout, int maxConnections) {

        /** At most this many sessions per address, by default ({@code amend serve}'s default). */
        public static final int SESSIONS_PER_ADDRESS = 4;
        /** How long a connection may send nothing, by default ({@code amend serve}'s default). */
        public static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
        /** Connections open at once, by default ({@code amend serve}'s default). */
        public static final int MAX_CONNECTIONS = 32;

        /** These sessions, with the default per-address cap (at most all of them), read timeout and connections. */
        public Settings(int port, Duration idleTimeout, int maxSessions) {
            this(port, idleTimeout, maxSessions, Math.min(maxSessions, SESSIONS_PER_ADDRESS), READ_TIMEOUT,
                    MAX_CONNECTIONS);
        }
    }

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
                settings.sessionsPerAddress(), clock);
        DemoServer server = new DemoServer(sessions, new DemoApi(runtime, sessions, overrides).app(config ->
                ConnectionLimits.apply(config, HOST, settings.port(), settings.readTimeout(),
                        settings.maxConnections())));
        try {
            server.app.start();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        server.sweeper.scheduleAtFixedRate(() -> {
            EngineThreads.recordNoGradients();
            sessions.expireIdle();
        }, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
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

    /** How many sessions are live. */
    public int sessionCount() {
        return sessions.size();
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
