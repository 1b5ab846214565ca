package dev.amend.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.cli.EditPrompts;
import dev.amend.cli.EmbeddedModel;
import dev.amend.cli.EmbeddedModelOption;
import dev.amend.cli.PluginsOption;
import dev.amend.cli.web.DemoServer;
import dev.amend.cli.web.EngineThreads;
import dev.amend.harness.data.EditDatasets;
import dev.amend.registry.AmendRuntime;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.PrintWriter;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code amend bench-serve}: the demo's load check. The server runs in this process on a loopback port; N clients, each
 * its own session and its own fact, send M mixed requests each (ask 70 %, edit 20 %, revert 10 %, seeded). Every
 * answer is checked against what that client's own edits should give (its fact edited or not) and, for the other
 * clients' facts, against the unedited answer (no edit leaks across sessions); at the end every client reverts its
 * edits and every session's weights must have the loaded model's fingerprint. After a short unmeasured warm-up, this
 * runs twice, on a fresh server each time: the clients alone, then with {@link ServeAttackers} (slow clients that stall mid-request, session-less
 * requests). Prints p50 / p95 latency per kind for both, the clients' p95 over all requests both ways and their
 * ratio, and whether a client was locked out; fails when one was, or when the ratio is over {@value #MAX_RATIO}.
 */
@Command(name = "bench-serve", mixinStandardHelpOptions = true,
        description = "Load check of `amend serve`: concurrent clients, mixed ask/edit/revert, isolation and latency,"
                + " alone and beside slow clients and session-less requests.")
public final class BenchServeCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How much slower the clients' p95 may be with the attackers than without. */
    private static final double MAX_RATIO = 2.0;

    @Inject
    Provider<AmendRuntime> runtime;

    @Inject
    Clock clock;

    @Mixin
    PluginsOption plugins;

    @Mixin
    EmbeddedModelOption model;

    @Option(names = "--clients", defaultValue = "4") int clients;
    @Option(names = "--requests", defaultValue = "100", description = "Requests per client.") int requests;
    @Option(names = "--method", defaultValue = "rome") String method;
    @Option(names = "--preset", defaultValue = "toy") String preset;
    @Option(names = "--warmup", defaultValue = "20",
            description = "Requests per client of a first, unmeasured run: statistics computed, code compiled"
                    + " (default ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--slow-clients", defaultValue = "8",
            description = "Attackers that send part of a request and stall (default ${DEFAULT-VALUE}).")
    int slowClients;
    @Option(names = "--sessionless", defaultValue = "50",
            description = "Requests sent without a session during the attacked run (default ${DEFAULT-VALUE}).")
    int sessionless;
    @Option(names = "--read-timeout-seconds", defaultValue = "10",
            description = "The server's read timeout (`amend serve`'s default: ${DEFAULT-VALUE}).")
    int readTimeoutSeconds;

    @Spec
    CommandSpec spec;

    /** One client's fact: its request, the unedited answer's first word and the prompt asked. */
    private record Fact(EditRequest request, String original) {}

    /** One run: latencies (ms) by kind, all clients together; the clients that failed, and why; its wall time. */
    private record Run(Map<String, List<Double>> latencies, List<String> failures, double seconds, int sessions,
                       long restored, ServeAttackers.Report attack) {

        List<Double> all() {
            return latencies.values().stream().flatMap(List::stream).sorted().toList();
        }
    }

    @Override
    public Integer call() throws Exception {
        EngineThreads.recordNoGradients();
        Path dir = model.directory();
        AmendRuntime runtime = this.runtime.get();
        List<EditRequest> pool = EditDatasets.read(EmbeddedModel.evalData(dir));
        String baseFingerprint;
        List<Fact> facts = new ArrayList<>();
        try (LanguageModel lm = runtime.models().load(dir, LoadOptions.cpu())) {
            baseFingerprint = lm.weights().fingerprint();
            for (int c = 0; c < clients; c++) {
                EditRequest r = pool.get(c);
                facts.add(new Fact(r, firstWord(EditPrompts.generate(lm, List.of(r.filledPrompt())).get(0))));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        Run warm = run(runtime, dir, facts, baseFingerprint, false, warmup);
        if (!warm.failures().isEmpty()) {
            out.println("the warm-up run failed: " + warm.failures());
            return 1;
        }
        Run alone = run(runtime, dir, facts, baseFingerprint, false, requests);
        print(out, "alone", alone);
        Run attacked = run(runtime, dir, facts, baseFingerprint, true, requests);
        print(out, "with " + slowClients + " slow clients and " + sessionless + " session-less requests", attacked);
        ServeAttackers.Report attack = attacked.attack();
        out.printf("attackers: %d stalled connections, %d closed by the server (the longest held %.1f s; read timeout"
                + " %d s); session-less requests answered %s; sessions open: %d (the clients' and the attackers'"
                + " one)%n", attack.stalls(), attack.closedByServer(), attack.longestStallSeconds(),
                readTimeoutSeconds, attack.sessionlessStatuses(), attacked.sessions());
        double p95Alone = percentile(alone.all(), 95);
        double p95Attacked = percentile(attacked.all(), 95);
        double ratio = p95Attacked / p95Alone;
        boolean lockedOut = !alone.failures().isEmpty() || !attacked.failures().isEmpty();
        boolean sessionlessRefused = attack.sessionlessStatuses().keySet().stream().allMatch(s -> s == 403)
                && attacked.sessions() == clients + 1;
        out.printf("clients' p95 over all requests: %.1f ms alone, %.1f ms attacked: ratio %.2f (at most %.1f);"
                + " a client locked out: %s%n", p95Alone, p95Attacked, ratio, MAX_RATIO, lockedOut ? "yes" : "no");
        boolean restored = alone.restored() == clients && attacked.restored() == clients;
        return restored && !lockedOut && sessionlessRefused && ratio <= MAX_RATIO ? 0 : 1;
    }

    /** The clients' run of {@code count} requests each on a fresh server, with the attackers beside them or not. */
    private Run run(AmendRuntime runtime, Path dir, List<Fact> facts, String baseFingerprint, boolean attackers,
                    int count) throws Exception {
        DemoServer.Settings settings = new DemoServer.Settings(0, Duration.ofMinutes(30), clients + 1, clients + 1,
                Duration.ofSeconds(readTimeoutSeconds), DemoServer.Settings.MAX_CONNECTIONS);
        try (DemoServer server = DemoServer.start(runtime, dir, EmbeddedModel.statsOverrides(dir), settings, clock)) {
            String base = "http://127.0.0.1:" + server.port();
            ServeAttackers attack = attackers ? new ServeAttackers(server.port(), attackersSession(base), slowClients,
                    sessionless, 200) : null;
            ExecutorService clientThreads = Executors.newFixedThreadPool(clients);
            List<Future<Map<String, List<Double>>>> runs = new ArrayList<>();
            long t0 = System.nanoTime();
            try {
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    runs.add(clientThreads.submit(() -> client(base, client, facts, count)));
                }
                Map<String, List<Double>> latencies = new TreeMap<>();
                List<String> failures = new ArrayList<>();
                for (Future<Map<String, List<Double>>> run : runs) {
                    try {
                        run.get().forEach((kind, l) -> latencies.computeIfAbsent(kind, k -> new ArrayList<>())
                                .addAll(l));
                    } catch (ExecutionException e) {
                        failures.add(String.valueOf(e.getCause().getMessage()));
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                ServeAttackers.Report report = attack == null ? null : attack.stop();
                List<String> fingerprints = server.baseFingerprints();
                long restored = fingerprints.stream().filter(baseFingerprint::equals).count()
                        - (attackers ? 1 : 0);   // the attackers' session has no edits
                return new Run(latencies, failures, seconds, server.sessionCount(), restored, report);
            } finally {
                clientThreads.shutdownNow();
                if (attack != null) {
                    attack.close();
                }
            }
        }
    }

    /** The attackers' own session (cookie), started as any visitor's: their slow requests then wait for a body. */
    private static String attackersSession(String base) throws Exception {
        HttpResponse<String> started = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base + "/api/sessions")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        return started.headers().firstValue("Set-Cookie").orElseThrow(() -> new IllegalStateException(
                "starting a session answered " + started.statusCode() + ": " + started.body())).split(";")[0];
    }

    private void print(PrintWriter out, String title, Run run) {
        int total = run.latencies().values().stream().mapToInt(List::size).sum();
        out.printf("%s: %d clients × %d requests = %d requests in %.1f s, %s%n", title, clients, requests, total,
                run.seconds(), run.failures().isEmpty() ? "no error, no answer changed by another session's edit"
                        : "clients failed: " + run.failures());
        out.println("| request | count | p50 ms | p95 ms |");
        out.println("|---|---|---|---|");
        run.latencies().forEach((kind, l) -> {
            List<Double> sorted = l.stream().sorted().toList();
            out.printf("| %s | %d | %.1f | %.1f |%n", kind, sorted.size(), percentile(sorted, 50),
                    percentile(sorted, 95));
        });
        out.printf("sessions whose weights equal the base fingerprint after reverting: %d of %d%n", run.restored(),
                clients);
        out.flush();
    }

    /** One client's requests; throws on any error status or wrong answer. Returns latencies (ms) by kind. */
    private Map<String, List<Double>> client(String base, int client, List<Fact> facts, int count)
            throws Exception {
        EngineThreads.recordNoGradients();
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        Random random = new Random(client);
        Fact own = facts.get(client);
        List<Integer> inForce = new ArrayList<>();
        Map<String, List<Double>> latencies = new TreeMap<>();
        send(http, base, "POST", "/api/sessions", null, latencies, "start", 201);
        for (int i = 0; i < count; i++) {
            double roll = random.nextDouble();
            if (roll < 0.2 && inForce.size() < 3) {
                EditRequest r = own.request();
                String body = JSON.createObjectNode().put("prompt", r.filledPrompt()).put("subject", r.subject())
                        .put("target", r.targetNew()).put("method", method).put("preset", preset).toString();
                inForce.add(send(http, base, "POST", "/api/edits", body, latencies, "edit", 200).get("id").asInt());
            } else if (roll < 0.3 && !inForce.isEmpty()) {
                send(http, base, "DELETE", "/api/edits/" + inForce.remove(inForce.size() - 1), null, latencies,
                        "revert", 200);
            } else {
                Fact asked = facts.get(random.nextInt(facts.size()));
                String body = JSON.createObjectNode().put("prompt", asked.request().filledPrompt()).toString();
                String answer = firstWord(send(http, base, "POST", "/api/ask", body, latencies, "ask", 200)
                        .get("continuation").asText());
                String expected = asked == own && !inForce.isEmpty() ? own.request().targetNew() : asked.original();
                if (!answer.equals(expected)) {
                    throw new IllegalStateException("client " + client + " asked '" + asked.request().filledPrompt()
                            + "' and got '" + answer + "', expected '" + expected + "'"
                            + (asked == own ? "" : " (another client's fact: an edit leaked across sessions)"));
                }
            }
        }
        while (!inForce.isEmpty()) {
            send(http, base, "DELETE", "/api/edits/" + inForce.remove(inForce.size() - 1), null, latencies, "revert",
                    200);
        }
        return latencies;
    }

    private static JsonNode send(HttpClient http, String base, String verb, String path, String body,
                                 Map<String, List<Double>> latencies, String kind, int expected)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).method(verb, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        long t0 = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        latencies.computeIfAbsent(kind, k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e6);
        if (response.statusCode() != expected) {
            throw new IllegalStateException(verb + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String firstWord(String text) {
        String stripped = text.strip();
        int space = stripped.indexOf(' ');
        return space < 0 ? stripped : stripped.substring(0, space);
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
