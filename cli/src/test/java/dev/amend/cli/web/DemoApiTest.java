package dev.amend.cli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.api.edit.EditRequest;
import dev.amend.cli.AmendRun;
import dev.amend.harness.HParamsChoice;
import dev.amend.registry.AmendRuntime;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's JSON API over real HTTP on the loopback interface, on the embedded model with ROME's toy preset: edits
 * stay in their visitor's session, revert restores the answer, bad input gets a 4xx and a problem details body that
 * says why (and names the field at fault).
 */
class DemoApiTest {

    private static final Path TOY = AmendRun.TOY.toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMPT = ". safa gusag competes in";
    /** RFC 9110's reason phrases: the titles of about:blank problems. */
    private static final Map<Integer, String> REASON_PHRASES = Map.of(400, "Bad Request", 404, "Not Found",
            413, "Content Too Large", 503, "Service Unavailable");
    private static AmendRuntime runtime;
    private static Path stats;
    private static DemoServer server;

    @BeforeAll
    static void start() throws IOException {
        EngineThreads.recordNoGradients();   // the engine starts here, not on a server thread, whatever ran before
        runtime = AmendRuntime.create(null);
        stats = Files.createTempDirectory("demo-stats");
        server = DemoServer.start(runtime, TOY, overrides(), new DemoServer.Settings(0, Duration.ofMinutes(30), 16,
                16, Duration.ofSeconds(10), 32), Clock.systemUTC());
    }

    /** ROME's statistics from the toy corpus, cached in a temporary folder. */
    private static Map<String, String> overrides() {
        return Map.of("mom2_dataset", HParamsChoice.quoted(TOY.resolve("data/corpus.txt")),
                "stats_dir", HParamsChoice.quoted(stats));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A visitor: an HTTP client that keeps its session cookie, its session started as the page starts it. */
    private static HttpClient visitor() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        assertThat(call(client, "POST", "/api/sessions", null).statusCode()).isEqualTo(201);
        return client;
    }

    /** A reply's status, content type and body as text. */
    private record Reply(int statusCode, String contentType, String body) {}

    private static Reply call(HttpClient client, String verb, String path, String body)
            throws IOException, InterruptedException {
        return reply(bytes(client, verb, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    private static Reply reply(HttpResponse<byte[]> response) {
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                new String(response.body(), StandardCharsets.UTF_8));
    }

    private static JsonNode ok(Reply response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String answer(HttpClient client) throws Exception {
        return ok(call(client, "POST", "/api/ask", "{\"prompt\": \"" + PROMPT + "\"}")).get("continuation").asText();
    }

    @Test
    void anEditShowsOnlyInItsSessionAndRevertBringsTheOldAnswerBack() throws Exception {
        HttpClient alice = visitor();
        HttpClient bob = visitor();
        String before = answer(alice);
        assertThat(before).startsWith("hockey");
        assertThat(answer(bob)).isEqualTo(before);

        JsonNode edit = ok(call(alice, "POST", "/api/edits", """
                {"prompt": ". {} competes in", "subject": "safa gusag", "target": "fencing", "method": "rome",
                 "preset": "toy", "rephrase": ". the sport safa gusag loves is",
                 "locality_prompt": ". safa mazin competes in", "locality_answer": "tennis"}"""));
        assertThat(edit.get("id").asInt()).isEqualTo(1);
        assertThat(edit.get("answers").get(0).get("before").asText()).startsWith("hockey");
        assertThat(edit.get("answers").get(0).get("after").asText()).startsWith("fencing");
        assertThat(edit.get("metrics").get("reliability").get("after").asDouble()).isEqualTo(1.0);
        assertThat(answer(alice)).startsWith("fencing");
        assertThat(answer(bob)).as("another visitor's model is untouched").isEqualTo(before);

        JsonNode edits = ok(call(alice, "GET", "/api/edits", null));
        assertThat(edits).hasSize(1);
        assertThat(edits.get(0).get("target").asText()).isEqualTo("fencing");
        assertThat(ok(call(bob, "GET", "/api/edits", null))).isEmpty();

        assertThat(ok(call(alice, "DELETE", "/api/edits/1", null)).get("reverted").toString()).isEqualTo("[1]");
        assertThat(answer(alice)).isEqualTo(before);
        assertThat(ok(call(alice, "GET", "/api/edits", null))).isEmpty();
    }

    @Test
    void badInputGetsA4xxWithItsReasonAndChangesNothing() throws Exception {
        HttpClient carol = visitor();
        String before = answer(carol);
        assertProblem(call(carol, "POST", "/api/edits", "{\"prompt\": \". {} plays\", \"target\": \"golf\","
                + " \"method\": \"rome\"}"), 400, "field 'subject' is missing", "subject");
        assertProblem(call(carol, "POST", "/api/edits", "{\"prompt\": \". kuso moduk plays\", \"subject\": \"safa\","
                + " \"target\": \"golf\", \"method\": \"rome\"}"), 400, "subject", null);
        assertProblem(call(carol, "POST", "/api/edits", "{\"prompt\": \". {} plays\", \"subject\": \"safa gusag\","
                + " \"target\": \"golf\", \"method\": \"romee\"}"), 400, "rome", "method");
        assertProblem(call(carol, "POST", "/api/edits", "{\"prompt\": \". {} plays\", \"subject\": \"safa gusag\","
                + " \"target\": 7, \"method\": \"rome\"}"), 400, "field 'target' must be a string, got a number",
                "target");
        assertProblem(call(carol, "POST", "/api/ask", "{\"prompt\": "), 400, "malformed JSON", null);
        assertProblem(call(carol, "POST", "/api/ask", "[\"a list\"]"), 400, "must be a JSON object", null);
        assertProblem(call(carol, "POST", "/api/ask", "{\"prompt\": \"" + "a ".repeat(600_000) + "\"}"), 413,
                "bytes", null);
        assertProblem(call(carol, "POST", "/api/ask", "{\"prompt\": \"" + "a ".repeat(1_500) + "\"}"), 400,
                "at most 2000", "prompt");
        assertProblem(call(carol, "POST", "/api/ask", "{\"prompt\": \"x\", \"max_new_tokens\": 99}"), 400,
                "max_new_tokens must be in [1, 32], got 99", "max_new_tokens");
        assertProblem(call(carol, "DELETE", "/api/edits/7", null), 404, "no edit 7", null);
        assertProblem(call(carol, "DELETE", "/api/edits/seven", null), 400, "edit id must be a number", "id");
        assertProblem(call(carol, "GET", "/api/nothing", null), 404, "no API GET /api/nothing", null);
        assertThat(ok(call(carol, "GET", "/api/edits", null))).isEmpty();
        assertThat(answer(carol)).isEqualTo(before);
    }

    @Test
    void aDownloadedEditAppliesInAnotherSessionAndACorruptUploadIsRefused() throws Exception {
        HttpClient erin = visitor();
        HttpClient frank = visitor();
        String before = answer(frank);
        int id = ok(call(erin, "POST", "/api/edits", "{\"prompt\": \". {} competes in\", \"subject\": \"safa gusag\","
                + " \"target\": \"fencing\", \"method\": \"rome\", \"preset\": \"toy\"}")).get("id").asInt();
        HttpResponse<byte[]> zip = bytes(erin, "GET", "/api/edits/" + id + "/download", null);
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");

        HttpResponse<byte[]> applied = bytes(frank, "POST", "/api/edits/upload", zip.body());
        assertThat(applied.statusCode()).as(new String(applied.body())).isEqualTo(200);
        assertThat(JSON.readTree(applied.body()).get("target").asText()).isEqualTo("fencing");
        assertThat(answer(frank)).startsWith("fencing");

        byte[] truncated = java.util.Arrays.copyOf(zip.body(), zip.body().length / 2);
        assertProblem(reply(bytes(frank, "POST", "/api/edits/upload", truncated)), 400, "zip", null);
        assertProblem(reply(bytes(frank, "POST", "/api/edits/upload", "not a zip".getBytes())), 400, "zip", null);
        assertProblem(reply(bytes(frank, "POST", "/api/edits/upload", zip.body())), 400, "fingerprint", null);
        assertThat(ok(call(frank, "GET", "/api/edits", null))).hasSize(1);
        ok(call(frank, "DELETE", "/api/edits/1", null));
        assertThat(answer(frank)).isEqualTo(before);
    }

    @Test
    void aRefusedUploadDoesNotTellTheServersPaths() throws Exception {
        HttpClient grace = visitor();
        byte[] inner = zip(Map.of("edit.json", "{}".getBytes(StandardCharsets.UTF_8)));
        Reply nested = reply(bytes(grace, "POST", "/api/edits/upload", zip(Map.of("edit.zip", inner))));
        assertProblem(nested, 400, "the upload is not a saved edit: edit.json is missing", null);
        assertThat(nested.body()).doesNotContain(System.getProperty("java.io.tmpdir")).doesNotContain("amend-upload");
        assertThat(ok(call(grace, "GET", "/api/edits", null))).isEmpty();
    }

    /**
     * An edit whose delta holds a NaN, uploaded twice: once with nothing in its manifest to check it against (no
     * digests, no fingerprint of the edited weights), once with the fingerprint kept. Both are refused with a 400 that
     * names the file at fault, and change nothing.
     */
    @Test
    void anUploadedEditWithANanDeltaIsRefused() throws Exception {
        HttpClient heidi = visitor();
        HttpClient ivan = visitor();
        String before = answer(ivan);
        int id = ok(call(heidi, "POST", "/api/edits", "{\"prompt\": \". {} competes in\", \"subject\": \"safa gusag\","
                + " \"target\": \"fencing\", \"method\": \"rome\", \"preset\": \"toy\"}")).get("id").asInt();
        Map<String, byte[]> saved = unzip(bytes(heidi, "GET", "/api/edits/" + id + "/download", null).body());
        for (boolean keepFingerprint : new boolean[] {false, true}) {
            Map<String, byte[]> files = new java.util.TreeMap<>(saved);
            files.put("deltas.safetensors", SafetensorsBytes.withFirstValue(saved.get("deltas.safetensors"),
                    Float.NaN));
            com.fasterxml.jackson.databind.node.ObjectNode manifest =
                    (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(saved.get("edit.json"));
            manifest.remove("integrity");
            if (!keepFingerprint) {
                manifest.remove("edited_fingerprint");
            }
            files.put("edit.json", JSON.writeValueAsBytes(manifest));

            Reply refused = reply(bytes(ivan, "POST", "/api/edits/upload", zip(files)));
            assertThat(refused.statusCode()).as("fingerprint kept: " + keepFingerprint + ": " + refused.body())
                    .isEqualTo(400);
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
            assertThat(JSON.readTree(refused.body()).get("detail").asText()).containsAnyOf("deltas.safetensors",
                    "edit.json").doesNotContain(System.getProperty("java.io.tmpdir"));
            assertThat(ok(call(ivan, "GET", "/api/edits", null))).isEmpty();
            assertThat(answer(ivan)).isEqualTo(before);
        }
    }

    private static byte[] zip(Map<String, byte[]> files) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : new java.util.TreeMap<>(files).entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static Map<String, byte[]> unzip(byte[] zipped) throws IOException {
        Map<String, byte[]> files = new java.util.TreeMap<>();
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(
                new java.io.ByteArrayInputStream(zipped))) {
            for (java.util.zip.ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                files.put(e.getName(), zip.readAllBytes());
            }
        }
        return files;
    }

    private static HttpResponse<byte[]> bytes(HttpClient client, String verb, String path, byte[] body)
            throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + path);
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return client.send(HttpRequest.newBuilder(uri).method(verb, publisher).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void serverThreadsRecordNoGradients() throws Exception {
        boolean[] recording = new boolean[2];
        Thread worker = new Thread(() -> {
            recording[0] = EngineThreads.recordsGradients();
            EngineThreads.recordNoGradients();
            recording[1] = EngineThreads.recordsGradients();
        });
        worker.start();
        worker.join();
        assertThat(recording[0]).as("a new thread, by PyTorch's default").isTrue();
        assertThat(recording[1]).isFalse();
        assertThat(EngineThreads.recordsGradients()).as("this test's own thread").isFalse();
    }

    @Test
    void thePageAndTheMethodListAreServed() throws Exception {
        HttpClient dave = visitor();
        Reply page = call(dave, "GET", "/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<title>Amend").contains("/api/edits");
        JsonNode methods = ok(call(dave, "GET", "/api/methods", null));
        assertThat(methods.findValuesAsText("name")).contains("rome", "serac", "mend", "ike");
        JsonNode rome = methods.findParents("name").stream().filter(m -> m.get("name").asText().equals("rome"))
                .findFirst().orElseThrow();
        assertThat(rome.get("presets").toString()).contains("\"toy\"");
        assertThat(rome.get("capabilities").toString()).contains("\"GRADIENT\"");
        assertProblem(call(dave, "GET", "/nothing", null), 404, "no page /nothing", null);
    }

    @Test
    void onlyAStartOpensASessionWithAStrictHttpOnlyCookie() throws Exception {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<byte[]> before = bytes(client, "GET", "/api/edits", null);
        assertThat(before.statusCode()).isEqualTo(403);
        assertThat(before.headers().allValues("Set-Cookie")).isEmpty();
        HttpResponse<byte[]> start = bytes(client, "POST", "/api/sessions", null);
        assertThat(start.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(start.body()).get("started").asBoolean()).isTrue();
        assertThat(start.headers().allValues("Set-Cookie")).singleElement().asString()
                .startsWith(DemoApi.COOKIE + "=").contains("Path=/").containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict");
        assertThat(bytes(client, "GET", "/api/edits", null).statusCode()).isEqualTo(200);
    }

    @Test
    void idleSessionsExpireWithTheirEditsRevertedAndFullSessionsRefuseMore() {
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        try (EditSessions idle = new EditSessions(runtime, TOY, Duration.ofMinutes(5), 2, 2, clock)) {
            EditSession session = idle.open("127.0.0.1");
            idle.open("127.0.0.1");
            assertThatThrownBy(() -> idle.open("127.0.0.2")).isInstanceOf(EditSessions.SessionsFullException.class)
                    .hasMessageContaining("all 2 demo sessions are in use");
            String base = session.baseFingerprint();
            EditSession.EditResult result = session.edit(EditRequest.of(". {} competes in", "safa gusag", "fencing"),
                    "rome", "toy", overrides());
            assertThat(session.baseFingerprint()).isNotEqualTo(base);
            now[0] = now[0].plus(Duration.ofMinutes(4));
            assertThat(idle.expireIdle()).isEmpty();
            assertThat(idle.find(session.id())).isSameAs(session);   // touched: idle again from here
            now[0] = now[0].plus(Duration.ofMinutes(6));
            assertThat(idle.expireIdle()).hasSize(2).contains(session.id());
            assertThat(result.applied().edit().isClosed()).as("its edit was reverted").isTrue();
            assertThat(idle.find(session.id())).isNull();
            assertThat(idle.size()).isZero();
        }
    }

    /**
     * An RFC 9457 problem: the status, as header and member; a detail that gives the reason; and the field at fault
     * (null: none named, the type then being about:blank with the status's reason phrase as title).
     */
    private static void assertProblem(Reply response, int status, String reason, String field) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).contains(reason);
        if (field == null) {
            assertThat(problem.get("type").asText()).isEqualTo("about:blank");
            assertThat(problem.get("title").asText()).isEqualTo(REASON_PHRASES.get(status));
            assertThat(problem.has("field")).as(response.body()).isFalse();
        } else {
            assertThat(problem.get("type").asText()).isEqualTo(Problem.INVALID_FIELD);
            assertThat(problem.get("title").asText()).isEqualTo("Invalid field");
            assertThat(problem.get("field").asText()).isEqualTo(field);
        }
    }
}
