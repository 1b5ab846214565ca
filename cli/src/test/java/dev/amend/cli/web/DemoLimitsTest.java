package dev.amend.cli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.cli.AmendRun;
import dev.amend.registry.AmendRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo under hostile clients, over real HTTP: connections that send headers and part of a body, then stall, block
 * nobody and are closed after the read timeout; requests without a session are refused (a 403 problem) and open none;
 * sessions are capped per client address; idle sessions end, so a full demo frees up.
 */
class DemoLimitsTest {

    private static final Path TOY = AmendRun.TOY.toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    private static AmendRuntime runtime;

    @BeforeAll
    static void runtime() {
        EngineThreads.recordNoGradients();
        runtime = AmendRuntime.create(null);
    }

    private static DemoServer server(int maxSessions, int perAddress) {
        return DemoServer.start(runtime, TOY, Map.of(), new DemoServer.Settings(0, Duration.ofMinutes(30),
                maxSessions, perAddress, READ_TIMEOUT, 32), Clock.systemUTC());
    }

    private static HttpResponse<String> send(HttpClient client, DemoServer server, String verb, String path,
                                             String body) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + path);
        return client.send(HttpRequest.newBuilder(uri).method(verb, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A visitor whose page has started its session. */
    private static HttpClient visitor(DemoServer server) throws Exception {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> started = send(client, server, "POST", "/api/sessions", null);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        return client;
    }

    private static String ask(HttpClient client, DemoServer server) throws Exception {
        HttpResponse<String> reply = send(client, server, "POST", "/api/ask",
                "{\"prompt\": \". safa gusag competes in\"}");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return JSON.readTree(reply.body()).get("continuation").asText();
    }

    @Test
    void requestsWithoutASessionGetA403ProblemAndOpenNone() throws Exception {
        try (DemoServer server = server(8, 4)) {
            HttpClient cookieless = HttpClient.newHttpClient();
            String[][] calls = {{"GET", "/api/edits", null}, {"POST", "/api/ask", "{\"prompt\": \"x\"}"},
                {"POST", "/api/edits", "{\"prompt\": \". {} plays\", \"subject\": \"a\", \"target\": \"b\","
                        + " \"method\": \"rome\"}"}, {"DELETE", "/api/edits/1", null},
                {"GET", "/api/edits/1/download", null}, {"POST", "/api/edits/upload", "PK"}};
            for (int i = 0; i < 50; i++) {
                String[] call = calls[i % calls.length];
                HttpResponse<String> reply = send(cookieless, server, call[0], call[1], call[2]);
                assertThat(reply.statusCode()).as(call[0] + " " + call[1] + ": " + reply.body()).isEqualTo(403);
                assertThat(reply.headers().firstValue("Content-Type")).hasValue(Problem.CONTENT_TYPE);
                assertThat(reply.headers().allValues("Set-Cookie")).isEmpty();
                JsonNode problem = JSON.readTree(reply.body());
                assertThat(problem.get("type").asText()).isEqualTo(Problem.NO_SESSION);
                assertThat(problem.get("detail").asText()).contains("POST /api/sessions");
            }
            assertThat(server.sessionCount()).as("no request but a start opens a session").isZero();
            assertThat(ask(visitor(server), server)).startsWith("hockey");
            assertThat(server.sessionCount()).isEqualTo(1);
        }
    }

    @Test
    void startingAgainKeepsTheLiveSession() throws Exception {
        try (DemoServer server = server(8, 4)) {
            HttpClient client = visitor(server);
            HttpResponse<String> again = send(client, server, "POST", "/api/sessions", null);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(again.body()).get("started").asBoolean()).isFalse();
            assertThat(server.sessionCount()).isEqualTo(1);
        }
    }

    @Test
    void stalledConnectionsBlockNoOtherClientAndAreClosedAfterTheReadTimeout() throws Exception {
        try (DemoServer server = server(8, 8)) {
            HttpResponse<String> attackersStart = send(HttpClient.newHttpClient(), server, "POST", "/api/sessions",
                    null);
            String cookie = attackersStart.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            List<Socket> withSession = new ArrayList<>();
            List<Socket> withoutSession = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {   // headers and part of a body, then nothing
                    Socket socket = new Socket("127.0.0.1", server.port());
                    String path = i % 4 < 2 ? "/api/ask" : "/api/edits/upload";
                    String session = i < 4 ? "Cookie: " + cookie + "\r\n" : "";
                    socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + session
                            + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"prompt\": \"a")
                            .getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    (i < 4 ? withSession : withoutSession).add(socket);
                }
                long t0 = System.nanoTime();
                HttpClient visitor = visitor(server);
                assertThat(ask(visitor, server)).startsWith("hockey");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("served while 8 connections stall")
                        .isLessThan(READ_TIMEOUT);
                for (Socket socket : withoutSession) {   // refused at once: no body is read without a session
                    assertThat(readUntilClosed(socket, READ_TIMEOUT)).startsWith("HTTP/1.1 403 ");
                }
                for (Socket socket : withSession) {   // the body read times out
                    assertThat(readUntilClosed(socket, READ_TIMEOUT.plusSeconds(10))).as("a 408, or closed silently")
                            .matches("(?s)(HTTP/1\\.1 408 .*)?");
                }
                Duration closedAfter = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(closedAfter).isGreaterThanOrEqualTo(READ_TIMEOUT.minusMillis(500))
                        .isLessThan(READ_TIMEOUT.plusSeconds(10));
                assertThat(server.sessionCount()).as("the attacker's start and the visitor's").isEqualTo(2);
                assertThat(ask(visitor, server)).startsWith("hockey");
            } finally {
                for (Socket socket : withSession) {
                    socket.close();
                }
                for (Socket socket : withoutSession) {
                    socket.close();
                }
            }
        }
    }

    /** All the socket receives until the server closes it; fails if it is still open after {@code limit}. */
    private static String readUntilClosed(Socket socket, Duration limit) throws IOException {
        socket.setSoTimeout((int) limit.toMillis());
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        try {
            in.transferTo(received);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the stalled connection is still open after " + limit, e);
        }
        return received.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void aRequestThatComputesLongerThanTheReadTimeoutIsStillAnswered() throws Exception {
        Path stats = java.nio.file.Files.createTempDirectory("demo-limits-stats");
        Map<String, String> overrides = Map.of("mom2_dataset",
                dev.amend.harness.HParamsChoice.quoted(TOY.resolve("data/corpus.txt")),
                "stats_dir", dev.amend.harness.HParamsChoice.quoted(stats));
        try (DemoServer server = DemoServer.start(runtime, TOY, overrides, new DemoServer.Settings(0,
                Duration.ofMinutes(30), 8, 4, Duration.ofMillis(500), 32), Clock.systemUTC())) {
            HttpClient visitor = visitor(server);
            long t0 = System.nanoTime();
            HttpResponse<String> edit = send(visitor, server, "POST", "/api/edits", "{\"prompt\": \". {} competes in\","
                    + " \"subject\": \"safa gusag\", \"target\": \"fencing\", \"method\": \"rome\","
                    + " \"preset\": \"toy\"}");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(edit.statusCode()).as(edit.body()).isEqualTo(200);
            assertThat(took).as("an edit that computes its statistics first outlasts the read timeout")
                    .isGreaterThan(Duration.ofMillis(500));
            assertThat(ask(visitor, server)).startsWith("fencing");
        }
    }

    @Test
    void headersOverTheLimitGetA431() throws Exception {
        try (DemoServer server = server(8, 4)) {
            HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/methods"))
                    .header("X-Padding", "a".repeat(ConnectionLimits.MAX_HEADER_BYTES)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).isEqualTo(431);
        }
    }

    @Test
    void oneAddressGetsAtMostItsShareOfTheSessions() throws Exception {
        try (DemoServer server = server(8, 2)) {
            visitor(server);
            visitor(server);
            HttpResponse<String> third = send(HttpClient.newHttpClient(), server, "POST", "/api/sessions", null);
            assertThat(third.statusCode()).as(third.body()).isEqualTo(429);
            assertThat(JSON.readTree(third.body()).get("detail").asText()).contains("127.0.0.1 already has 2 demo"
                    + " sessions");
            assertThat(server.sessionCount()).isEqualTo(2);
        }
        try (EditSessions sessions = new EditSessions(runtime, TOY, Duration.ofMinutes(5), 3, 2, Clock.systemUTC())) {
            sessions.open("10.0.0.1");
            sessions.open("10.0.0.1");
            assertThatThrownBy(() -> sessions.open("10.0.0.1"))
                    .isInstanceOf(EditSessions.TooManySessionsException.class);
            sessions.open("10.0.0.2");
            assertThatThrownBy(() -> sessions.open("10.0.0.3")).isInstanceOf(EditSessions.SessionsFullException.class)
                    .hasMessageContaining("all 3 demo sessions are in use");
        }
    }

    @Test
    void idleSessionsEndSoTheNextStartFindsRoom() {
        MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (EditSessions sessions = new EditSessions(runtime, TOY, Duration.ofMinutes(10), 2, 2, clock)) {
            EditSession first = sessions.open("10.0.0.1");
            sessions.open("10.0.0.2");
            assertThatThrownBy(() -> sessions.open("10.0.0.3")).isInstanceOf(EditSessions.SessionsFullException.class);
            clock.now = clock.now.plus(Duration.ofMinutes(9));
            sessions.find(first.id());   // used: idle again from here
            clock.now = clock.now.plus(Duration.ofMinutes(2));
            EditSession third = sessions.open("10.0.0.3");   // the second, idle 11 minutes, has ended
            assertThat(sessions.ids()).containsExactly(first.id(), third.id());
        }
    }

    /** A clock the test sets. */
    private static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
