package dev.amend.cli.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hostile clients of the demo for {@code amend bench-serve}, on their own threads until {@link #stop}: slow clients
 * that each open a connection, send part of a request and stall until the server closes it, then start over (half
 * send the headers and part of a body, with a session's cookie so that the server waits for the body; half send part
 * of the headers), and session-less requests (no cookie, to every API call that needs a session), spread over the run.
 */
final class ServeAttackers implements AutoCloseable {

    /** What the attackers met. */
    record Report(int stalls, int closedByServer, double longestStallSeconds,
                  Map<Integer, Integer> sessionlessStatuses) {}

    private static final String[][] SESSIONLESS = {{"POST", "/api/ask", "{\"prompt\": \"x\"}"},
        {"GET", "/api/edits", null}, {"POST", "/api/edits", "{\"prompt\": \". {} plays\", \"subject\": \"a\","
                + " \"target\": \"b\", \"method\": \"rome\"}"}, {"DELETE", "/api/edits/1", null},
        {"POST", "/api/edits/upload", "PK"}};

    private final int port;
    private final String cookie;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Socket> open = new ArrayList<>();
    private final AtomicInteger stalls = new AtomicInteger();
    private final AtomicInteger closedByServer = new AtomicInteger();
    private final AtomicLong longestStallNanos = new AtomicLong();
    private final Map<Integer, Integer> sessionlessStatuses = new TreeMap<>();
    private volatile boolean stopped;

    /**
     * Starts {@code slowClients} slow clients and {@code sessionlessRequests} session-less requests, one every
     * {@code spacingMillis}, against the demo on {@code port}; {@code cookie} is the attackers' own session.
     */
    ServeAttackers(int port, String cookie, int slowClients, int sessionlessRequests, long spacingMillis) {
        this.port = port;
        this.cookie = cookie;
        for (int i = 0; i < slowClients; i++) {
            boolean partBody = i % 2 == 0;
            threads.add(daemon(() -> stallRepeatedly(partBody)));
        }
        threads.add(daemon(() -> sessionless(sessionlessRequests, spacingMillis)));
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "bench-serve attacker");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void stallRepeatedly(boolean partBody) {
        String request = partBody ? "POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie
                + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"prompt\": \"a"
                : "POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty";
        while (!stopped) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                register(socket);
                long t0 = System.nanoTime();
                OutputStream out = socket.getOutputStream();
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                stalls.incrementAndGet();
                InputStream in = socket.getInputStream();
                while (in.read() >= 0) {
                    // the server's 408, if it sends one, up to its closing the connection
                }
                if (!stopped) {
                    closedByServer.incrementAndGet();
                    longestStallNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                }
            } catch (IOException e) {
                if (!stopped) {
                    closedByServer.incrementAndGet();   // reset by the server
                }
            } finally {
                unregister();
            }
        }
    }

    private synchronized void register(Socket socket) throws IOException {
        if (stopped) {
            throw new IOException("stopped");
        }
        open.add(socket);
    }

    private synchronized void unregister() {
        open.removeIf(Socket::isClosed);
    }

    private void sessionless(int requests, long spacingMillis) {
        HttpClient http = HttpClient.newHttpClient();   // no cookie handler: never a session
        for (int i = 0; i < requests && !stopped; i++) {
            String[] call = SESSIONLESS[i % SESSIONLESS.length];
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + call[1]))
                    .method(call[0], call[2] == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(call[2])).build();
            int status;
            try {
                status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                Thread.sleep(spacingMillis);
            } catch (IOException e) {
                status = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            synchronized (sessionlessStatuses) {
                sessionlessStatuses.merge(status, 1, Integer::sum);
            }
        }
    }

    /** Stops every attacker and says what they met. */
    Report stop() throws InterruptedException {
        close();
        Map<Integer, Integer> statuses;
        synchronized (sessionlessStatuses) {
            statuses = new TreeMap<>(sessionlessStatuses);
        }
        return new Report(stalls.get(), closedByServer.get(), longestStallNanos.get() / 1e9, statuses);
    }

    /** Stops the attackers: their open connections closed, their threads ended. */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            stopped = true;
            for (Socket socket : open) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
        for (Thread thread : threads) {
            thread.interrupt();
            thread.join(5_000);
        }
    }
}
