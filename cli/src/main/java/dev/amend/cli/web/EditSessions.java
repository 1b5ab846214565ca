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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's visitors, each with its own copy of the model and its own edits: one visitor's edit never shows in
 * another's answers. A session is opened only by an explicit start ({@link #open}), at most {@code maxSessions} at
 * once and {@code perAddress} for one client address, so that no client can take every slot; one idle for longer than
 * the timeout is closed (its edits reverted, its model freed) by {@link #expireIdle}, which {@link #open} runs first.
 */
final class EditSessions implements AutoCloseable {

    private final AmendRuntime runtime;
    private final Path modelDir;
    private final Duration idleTimeout;
    private final int maxSessions;
    private final int perAddress;
    private final Clock clock;
    private final Map<String, EditSession> sessions = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();
    /** Sessions being opened (their model loading), by client address. */
    private final Map<String, Integer> opening = new HashMap<>();

    EditSessions(AmendRuntime runtime, Path modelDir, Duration idleTimeout, int maxSessions, int perAddress,
                 Clock clock) {
        this.runtime = runtime;
        this.modelDir = modelDir;
        this.idleTimeout = idleTimeout;
        this.maxSessions = maxSessions;
        this.perAddress = perAddress;
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
     * A new session for a client at {@code address}, with a fresh copy of the model; idle sessions are closed first.
     *
     * @throws TooManySessionsException when {@code perAddress} sessions of that address are live (a 429)
     * @throws SessionsFullException    when {@code maxSessions} are live (a 503 for the visitor)
     */
    EditSession open(String address) {
        expireIdle();
        synchronized (this) {   // a slot is reserved before the model loads, so concurrent opens cannot overshoot
            long ofAddress = sessions.values().stream().filter(s -> s.address().equals(address)).count()
                    + opening.getOrDefault(address, 0);
            if (ofAddress >= perAddress) {
                throw new TooManySessionsException(address + " already has " + perAddress + " demo sessions, the most"
                        + " one client address may have; use one of them, or wait until one is idle for "
                        + idleTimeout.toMinutes() + " minutes");
            }
            int reserved = opening.values().stream().mapToInt(Integer::intValue).sum();
            if (sessions.size() + reserved >= maxSessions) {
                throw new SessionsFullException("all " + maxSessions + " demo sessions are in use; try again when one"
                        + " has been idle for " + idleTimeout.toMinutes() + " minutes");
            }
            opening.merge(address, 1, Integer::sum);
        }
        try {
            LanguageModel model = runtime.models().load(modelDir, LoadOptions.cpu());
            String id = HexFormat.of().formatHex(random.generateSeed(16));
            EditSession session = new EditSession(id, address, runtime, model, clock.instant());
            synchronized (this) {
                sessions.put(id, session);
            }
            return session;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + modelDir, e);
        } finally {
            synchronized (this) {
                opening.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
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

    /** How long a session may go unused. */
    Duration idleTimeout() {
        return idleTimeout;
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

    /** The client's address has as many sessions as one address may (a 429 for the visitor). */
    static final class TooManySessionsException extends RuntimeException {
        TooManySessionsException(String message) {
            super(message);
        }
    }

    /** No room for another session. */
    static final class SessionsFullException extends RuntimeException {
        SessionsFullException(String message) {
            super(message);
        }
    }
}
