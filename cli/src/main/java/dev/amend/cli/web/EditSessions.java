package dev.amend.cli.web;

import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.registry.AmendRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's visitors, each with its own copy of the model and its own edits: one visitor's edit never shows in
 * another's answers. A session idle for longer than the timeout is closed (its edits reverted, its model freed) by
 * {@link #expireIdle}; at most {@code maxSessions} live at once.
 */
final class EditSessions implements AutoCloseable {

    private final AmendRuntime runtime;
    private final Path modelDir;
    private final Duration idleTimeout;
    private final int maxSessions;
    private final Clock clock;
    private final Map<String, EditSession> sessions = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private int opening;

    EditSessions(AmendRuntime runtime, Path modelDir, Duration idleTimeout, int maxSessions, Clock clock) {
        this.runtime = runtime;
        this.modelDir = modelDir;
        this.idleTimeout = idleTimeout;
        this.maxSessions = maxSessions;
        this.clock = clock;
    }

    /** The session with this id, touched now; null when there is none (unknown, expired or null id). */
    synchronized EditSession find(String id) {
        EditSession session = id == null ? null : sessions.get(id);
        if (session != null) {
            session.touch(clock.instant());
        }
        return session;
    }

    /**
     * A new session with a fresh copy of the model.
     *
     * @throws SessionsFullException when {@code maxSessions} are live (a 503 for the visitor)
     */
    EditSession open() {
        synchronized (this) {   // a slot is reserved before the model loads, so concurrent opens cannot overshoot
            if (sessions.size() + opening >= maxSessions) {
                throw new SessionsFullException("all " + maxSessions + " demo sessions are in use; try again after "
                        + idleTimeout.toMinutes() + " minutes");
            }
            opening++;
        }
        try {
            LanguageModel model = runtime.models().load(modelDir, LoadOptions.cpu());
            String id = HexFormat.of().formatHex(random.generateSeed(16));
            EditSession session = new EditSession(id, runtime, model, clock.instant());
            synchronized (this) {
                sessions.put(id, session);
            }
            return session;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + modelDir, e);
        } finally {
            synchronized (this) {
                opening--;
            }
        }
    }

    /** Closes the sessions idle for longer than the timeout; returns their ids. */
    List<String> expireIdle() {
        List<EditSession> expired = new ArrayList<>();
        synchronized (this) {
            var now = clock.instant();
            sessions.values().removeIf(s -> {
                boolean idle = s.lastUsed().plus(idleTimeout).isBefore(now);
                if (idle) {
                    expired.add(s);
                }
                return idle;
            });
        }
        expired.forEach(EditSession::close);
        return expired.stream().map(EditSession::id).toList();
    }

    /** The live sessions' ids. */
    synchronized List<String> ids() {
        return List.copyOf(sessions.keySet());
    }

    synchronized int size() {
        return sessions.size();
    }

    @Override
    public void close() {
        List<EditSession> all;
        synchronized (this) {
            all = new ArrayList<>(sessions.values());
            sessions.clear();
        }
        all.forEach(EditSession::close);
    }

    /** No room for another session. */
    static final class SessionsFullException extends RuntimeException {
        SessionsFullException(String message) {
            super(message);
        }
    }
}
