package dev.amend.registry.discovery;

import dev.amend.api.InvalidInputException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs plugin code during discovery (loading a provider class, its constructor, its self-description) on a watched
 * worker thread, so that a plugin that hangs or tries to end the JVM is reported as broken, with its name, instead of
 * hanging or silently ending {@code amend list} and every other command.
 *
 * <p>A call that has not returned after the time limit is abandoned: its daemon worker is interrupted and left
 * behind, and later calls get a fresh worker. A plugin that calls {@code System.exit} while it is being loaded
 * cannot be stopped without the JVM's deprecated security manager (whose use prints a warning that cannot be
 * silenced), but it is caught in the act: a shutdown hook names the plugin on stderr and ends the command with
 * exit status 2 (bad input) instead of the plugin's status and no word. {@code Runtime.halt} skips shutdown hooks
 * and cannot be reported.
 */
final class PluginGuard implements AutoCloseable {

    /** How long one provider may take to load and construct unless {@value #TIMEOUT_PROPERTY} says otherwise. */
    static final Duration DEFAULT_LIMIT = Duration.ofSeconds(20);
    /** System property: the per-provider time limit of discovery, in seconds. */
    static final String TIMEOUT_PROPERTY = "amend.plugins.timeout";

    /** Why a guarded call did not return a value. */
    static final class PluginFailure extends Exception {
        PluginFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Exit status when a plugin ends the JVM while it is being loaded: bad input, as the CLI reports it. */
    static final int EXIT_STATUS = 2;

    private final Duration limit;
    private final Thread exitReporter = new Thread(this::reportExit, "amend-plugin-exit-reporter");
    private volatile String running;
    private ExecutorService worker;

    PluginGuard(Duration limit) {
        this.limit = limit;
        this.worker = newWorker();
        Runtime.getRuntime().addShutdownHook(exitReporter);
    }

    /** The limit from {@value #TIMEOUT_PROPERTY}, or {@link #DEFAULT_LIMIT}. */
    static Duration configuredLimit() {
        String value = System.getProperty(TIMEOUT_PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            double seconds = Double.parseDouble(value.trim());
            if (seconds > 0 && Double.isFinite(seconds)) {
                return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidInputException("system property " + TIMEOUT_PROPERTY + " must be a positive"
                + " number of seconds, got '" + value + "'");
    }

    /**
     * Runs {@code body}, plugin code of {@code who} (a provider class and its JAR, or a plugin), on the worker.
     *
     * @throws PluginFailure when it threw (the cause) or did not return within the limit (no cause)
     */
    <T> T call(String who, Callable<T> body) throws PluginFailure {
        running = who;
        Future<T> result = worker.submit(body);
        try {
            return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abandonWorker();
            throw new PluginFailure("did not finish within " + seconds(limit)
                    + " (it hangs or waits for something; the limit is the system property " + TIMEOUT_PROPERTY + ")",
                    null);
        } catch (ExecutionException e) {
            throw new PluginFailure(null, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginFailure("discovery was interrupted", e);
        } finally {
            running = null;
        }
    }

    /** The shutdown hook: when the JVM ends while plugin code runs, that plugin ended it. */
    private void reportExit() {
        String who = running;
        if (who != null) {
            System.err.println("amend: error: " + who + " ended the JVM (System.exit) while it was being loaded;"
                    + " the plugin is broken: remove it from the plugins folder");
            System.err.flush();
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
    }

    private void abandonWorker() {
        worker.shutdownNow();
        worker = newWorker();
    }

    private ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "amend-plugin-discovery");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            Runtime.getRuntime().removeShutdownHook(exitReporter);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already ending; the hook reports if plugin code ended it
        }
    }
}
