package dev.amend.cli.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.cli.web.DemoServer;
import dev.amend.cli.web.EngineThreads;
import dev.amend.registry.AmendRuntime;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the demo's HTTP API on its in-process server: mutated JSON bodies of {@code /api/ask} and
 * {@code /api/edits}, and mutated uploads of a downloaded edit (the zip's bytes, or one entry's content or name). Every
 * reply is a 2xx, or a 4xx with a problem-details body; the session's base weights keep their fingerprint; an edit it
 * accepts holds no NaN or infinity (checked in its download).
 */
class DemoFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> BODIES = new LinkedHashMap<>();
    private static DemoServer server;
    private static HttpClient visitor;
    private static byte[] zip;
    private static List<String> fingerprints;

    static {
        BODIES.put("/api/ask", "{\"prompt\": \". safa gusag competes in\", \"max_new_tokens\": 4}");
        BODIES.put("/api/edits", """
                {"prompt": ". {} competes in", "subject": "safa gusag", "target": "fencing", "method": "ft",
                 "preset": "toy", "rephrase": ". the sport safa gusag loves is",
                 "locality_prompt": ". safa mazin competes in", "locality_answer": "tennis"}""");
    }

    @BeforeAll
    static void start() throws Exception {
        EngineThreads.recordNoGradients();   // the engine starts here, not on a server thread
        server = DemoServer.start(AmendRuntime.create(null), CliCase.TOY, Map.of(),
                new DemoServer.Settings(0, Duration.ofMinutes(30), 8), Clock.systemUTC());
        visitor = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        assertThat(send("POST", "/api/sessions", null).statusCode()).as("the visitor's session starts").isEqualTo(201);
        HttpResponse<byte[]> edited = send("POST", "/api/edits", BODIES.get("/api/edits").getBytes());
        assertThat(edited.statusCode()).as(new String(edited.body())).isEqualTo(200);
        int id = JSON.readTree(edited.body()).get("id").asInt();
        zip = send("GET", "/api/edits/" + id + "/download", null).body();
        assertThat(send("DELETE", "/api/edits/" + id, null).statusCode()).isEqualTo(200);
        fingerprints = server.baseFingerprints();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void demoBodies() {
        List<String> paths = new ArrayList<>(BODIES.keySet());
        fuzz("demo-bodies", 60, (m, input) -> {
            String path = m.pick(paths);
            input.add("POST " + path + " " + Mutator.abbreviate(BODIES.get(path)));
            return new Object[] {path, m.text(BODIES.get(path).getBytes(StandardCharsets.UTF_8))};
        });
    }

    @Test
    void demoUploads() {
        fuzz("demo-uploads", 60, (m, input) -> {
            input.add("POST /api/edits/upload of a downloaded FT edit");
            return new Object[] {"/api/edits/upload", m.random().nextInt(3) == 0 ? m.bytes(zip) : rezipped(m)};
        });
    }

    /** Makes a request: its path and body, logging the mutations into the list. */
    private interface Request {
        Object[] make(Mutator m, List<String> input) throws IOException;
    }

    private static void fuzz(String target, int examples, Request request) {
        new Fuzz(target, Duration.ofSeconds(90), 1L << 30).run(examples, Path.of("target", "fuzz", target),
                (seed, dir, input) -> {
                    Mutator m = new Mutator(new Random(seed));
                    Object[] r = request.make(m, input);
                    input.addAll(m.log());
                    HttpResponse<byte[]> reply = send("POST", (String) r[0], (byte[]) r[1]);
                    return check(Verdict.of(seed, input, reply.statusCode(), "",
                            new String(reply.body(), StandardCharsets.UTF_8)), reply);
                });
    }

    private static Verdict check(Verdict v, HttpResponse<byte[]> reply) throws Exception {
        int status = reply.statusCode();
        if (status >= 500) {
            v = v.fail("crash", "HTTP " + status);
        } else if (status >= 400) {
            JsonNode problem = parse(reply.body());
            if (problem == null || !problem.hasNonNull("detail")) {
                v = v.fail("unnamed", "HTTP " + status + " without a problem-details body");
            }
        } else {
            JsonNode edit = parse(reply.body());
            if (edit != null && edit.has("id")) {
                int id = edit.get("id").asInt();
                List<String> nan = nonFiniteInDownload(id);
                if (!nan.isEmpty()) {
                    v = v.fail("nan", "non-finite values in the accepted edit: " + nan);
                }
                send("DELETE", "/api/edits/" + id, null);
            }
        }
        if (new String(reply.body(), StandardCharsets.UTF_8).contains("\tat ")) {
            v = v.fail("stacktrace", "stack trace in the reply");
        }
        if (!server.baseFingerprints().equals(fingerprints)) {
            v = v.fail("base-changed", "a session's base weights changed");
            fingerprints = server.baseFingerprints();
        }
        return v;
    }

    private static List<String> nonFiniteInDownload(int id) throws Exception {
        HttpResponse<byte[]> download = send("GET", "/api/edits/" + id + "/download", null);
        Path dir = Files.createTempDirectory(Path.of("target"), "fuzz-download");
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(download.body()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().endsWith(".safetensors")) {
                    Files.write(dir.resolve(Path.of(e.getName()).getFileName()), in.readAllBytes());
                }
            }
            return Tensors.nonFinite(dir);
        } finally {
            Trees.delete(dir);
        }
    }

    /** The seed zip with one entry's content mutated, or renamed, or a nested zip or a huge entry added. */
    private static byte[] rezipped(Mutator m) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        List<String> names = new ArrayList<>(entries.keySet());
        String name = m.pick(names);
        switch (m.random().nextInt(5)) {
            case 0 -> {
                String to = m.pick(List.of("../../evil/" + name, "/tmp/" + name, "a/../../" + name, name + "/",
                        "C:\\" + name, name.toUpperCase()));
                m.log().add("rename entry " + name + " to " + to);
                entries.put(to, entries.remove(name));
            }
            case 1 -> {
                m.log().add("add a nested zip entry inner.zip");
                entries.put("inner.zip", zip);
            }
            case 2 -> {
                m.log().add("add a 64 MB entry of zeros named big.bin");
                entries.put("big.bin", new byte[64 << 20]);
            }
            default -> {
                m.log().add("mutate entry " + name);
                byte[] b = entries.get(name);
                entries.put(name, name.endsWith(".safetensors") ? (m.random().nextBoolean()
                        ? ModelFilesFuzzTest.header(m, b) : ModelFilesFuzzTest.body(m, b)) : m.text(b));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static HttpResponse<byte[]> send(String verb, String path, byte[] body)
            throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + path);
        return visitor.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).method(verb,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
