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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
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
 * edits and every session's weights must have the loaded model's fingerprint. Prints p50 / p95 latency per kind.
 */
@Command(name = "bench-serve", mixinStandardHelpOptions = true,
        description = "Load check of `amend serve`: concurrent clients, mixed ask/edit/revert, isolation and latency.")
public final class BenchServeCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    @Spec
    CommandSpec spec;

    /** One client's fact: its request, the unedited answer's first word and the prompt asked. */
    private record Fact(EditRequest request, String original) {}

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
        try (DemoServer server = DemoServer.start(runtime, dir, EmbeddedModel.statsOverrides(dir),
                new DemoServer.Settings(0, Duration.ofMinutes(30), clients), clock)) {
            String base = "http://127.0.0.1:" + server.port();
            ExecutorService clientThreads = Executors.newFixedThreadPool(clients);
            List<Future<Map<String, List<Double>>>> runs = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                int client = c;
                runs.add(clientThreads.submit(() -> client(base, client, facts)));
            }
            Map<String, List<Double>> latencies = new TreeMap<>();
            for (Future<Map<String, List<Double>>> run : runs) {
                run.get().forEach((kind, l) -> latencies.computeIfAbsent(kind, k -> new ArrayList<>()).addAll(l));
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            clientThreads.shutdown();
            int total = latencies.values().stream().mapToInt(List::size).sum();
            out.printf("%d clients × %d requests = %d requests in %.1f s, no error, no answer changed by another"
                    + " session's edit%n", clients, requests, total, wall);
            out.println("| request | count | p50 ms | p95 ms |");
            out.println("|---|---|---|---|");
            latencies.forEach((kind, l) -> {
                Collections.sort(l);
                out.printf("| %s | %d | %.1f | %.1f |%n", kind, l.size(), percentile(l, 50), percentile(l, 95));
            });
            List<String> fingerprints = server.baseFingerprints();
            long restored = fingerprints.stream().filter(baseFingerprint::equals).count();
            out.printf("sessions whose weights equal the base fingerprint after reverting: %d of %d%n", restored,
                    fingerprints.size());
            return restored == fingerprints.size() && restored == clients ? 0 : 1;
        }
    }

    /** One client's requests; throws on any error status or wrong answer. Returns latencies (ms) by kind. */
    private Map<String, List<Double>> client(String base, int client, List<Fact> facts) throws Exception {
        EngineThreads.recordNoGradients();
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        Random random = new Random(client);
        Fact own = facts.get(client);
        List<Integer> inForce = new ArrayList<>();
        Map<String, List<Double>> latencies = new TreeMap<>();
        for (int i = 0; i < requests; i++) {
            double roll = random.nextDouble();
            if (roll < 0.2 && inForce.size() < 3) {
                EditRequest r = own.request();
                String body = JSON.createObjectNode().put("prompt", r.filledPrompt()).put("subject", r.subject())
                        .put("target", r.targetNew()).put("method", method).put("preset", preset).toString();
                inForce.add(send(http, base, "POST", "/api/edits", body, latencies, "edit").get("id").asInt());
            } else if (roll < 0.3 && !inForce.isEmpty()) {
                send(http, base, "DELETE", "/api/edits/" + inForce.remove(inForce.size() - 1), null, latencies,
                        "revert");
            } else {
                Fact asked = facts.get(random.nextInt(facts.size()));
                String body = JSON.createObjectNode().put("prompt", asked.request().filledPrompt()).toString();
                String answer = firstWord(send(http, base, "POST", "/api/ask", body, latencies, "ask")
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
            send(http, base, "DELETE", "/api/edits/" + inForce.remove(inForce.size() - 1), null, latencies, "revert");
        }
        return latencies;
    }

    private static JsonNode send(HttpClient http, String base, String verb, String path, String body,
                                 Map<String, List<Double>> latencies, String kind) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).method(verb, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        long t0 = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        latencies.computeIfAbsent(kind, k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e6);
        if (response.statusCode() != 200) {
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
