package dev.amend.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.Probe;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.hparams.Presets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The online demo's HTTP front: one page ({@code GET /}) and a JSON API, each visitor in its own
 * {@link EditSession} (cookie {@value #COOKIE}).
 * <ul>
 *   <li>{@code GET /api/methods}: the editing methods, with capabilities and presets;</li>
 *   <li>{@code POST /api/ask} {@code {prompt, max_new_tokens?}}: greedy continuation and the top next tokens;</li>
 *   <li>{@code POST /api/edits} {@code {prompt, subject, target, method, preset?, rephrase?, locality_prompt?,
 *   locality_answer?}}: applies the edit, returns answers before/after and the metrics;</li>
 *   <li>{@code GET /api/edits}: the edits in force; {@code DELETE /api/edits/ID}: reverts it and every later one;</li>
 *   <li>{@code GET /api/edits/ID/download}: the edit saved, as a zip; {@code POST /api/edits/upload} (the zip as the
 *   body): applies a downloaded edit on top of this visitor's edits.</li>
 * </ul>
 * Bad input gets a 4xx status and {@code {"error": "..."}}; nothing is changed.
 */
final class DemoApi {

    static final String COOKIE = "amend_session";
    /** The largest request body read (an uploaded edit's: {@link #MAX_UPLOAD}), and the longest text field accepted. */
    static final int MAX_BODY = 64 * 1024;
    static final int MAX_UPLOAD = 64 << 20;
    static final int MAX_TEXT = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AmendRuntime runtime;
    private final EditSessions sessions;
    private final Map<String, String> overrides;

    /**
     * @param overrides hparams overrides applied after a method's preset, to each method whose hparams have the key
     *                  (paths the presets give relative to the checkout, made absolute)
     */
    DemoApi(AmendRuntime runtime, EditSessions sessions, Map<String, String> overrides) {
        this.runtime = runtime;
        this.sessions = sessions;
        this.overrides = overrides;
    }

    /** An HTTP server with this API on {@code address} (port 0: any free port), not yet started. */
    HttpServer server(InetSocketAddress address) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        return server;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            EngineThreads.recordNoGradients();
            String path = exchange.getRequestURI().getPath();
            String verb = exchange.getRequestMethod();
            try {
                if (path.equals("/") && verb.equals("GET")) {
                    page(exchange);
                    return;
                }
                if (!path.startsWith("/api/")) {
                    throw new EditSession.NotFoundException("no page " + path);
                }
                if (verb.equals("GET") && path.matches("/api/edits/\\d+/download")) {
                    byte[] zip = session(exchange).download(Integer.parseInt(path.split("/")[3]));
                    exchange.getResponseHeaders().set("Content-Disposition",
                            "attachment; filename=\"edit-" + path.split("/")[3] + ".zip\"");
                    sendBytes(exchange, 200, "application/zip", zip);
                    return;
                }
                JsonNode reply = switch (verb + " " + path) {
                    case "GET /api/methods" -> methods();
                    case "POST /api/ask" -> ask(session(exchange), body(exchange));
                    case "POST /api/edits" -> edit(session(exchange), body(exchange));
                    case "GET /api/edits" -> edits(session(exchange));
                    case "POST /api/edits/upload" -> applied(session(exchange).upload(bytes(exchange, MAX_UPLOAD)));
                    default -> {
                        if (verb.equals("DELETE") && path.startsWith("/api/edits/")) {
                            yield revert(session(exchange), path.substring("/api/edits/".length()));
                        }
                        throw new EditSession.NotFoundException("no API " + verb + " " + path);
                    }
                };
                send(exchange, 200, reply);
            } catch (EditSession.NotFoundException e) {
                send(exchange, 404, error(e.getMessage()));
            } catch (EditSessions.SessionsFullException e) {
                send(exchange, 503, error(e.getMessage()));
            } catch (BodyTooLargeException e) {
                send(exchange, 413, error(e.getMessage()));
            } catch (InvalidInputException | IllegalArgumentException e) {
                send(exchange, 400, error(e.getMessage()));
            } catch (RuntimeException e) {
                send(exchange, 500, error("internal error: " + e));
            }
        }
    }

    /** The visitor's session, opened (with its cookie set) on the first request or after expiry. */
    private EditSession session(HttpExchange exchange) {
        String id = null;
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split(";")) {
                String[] kv = part.trim().split("=", 2);
                if (kv.length == 2 && kv[0].equals(COOKIE)) {
                    id = kv[1];
                }
            }
        }
        EditSession session = sessions.find(id);
        if (session == null) {
            session = sessions.open();
            exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + session.id()
                    + "; Path=/; HttpOnly; SameSite=Strict");
        }
        return session;
    }

    private JsonNode methods() {
        ArrayNode list = JSON.createArrayNode();
        for (EditMethodProvider<?> p : runtime.providers().methods().values()) {
            ObjectNode m = list.addObject().put("name", p.name()).put("description", p.description());
            p.capabilities().features().stream().sorted().forEach(c -> m.withArray("capabilities").add(c.name()));
            Presets.names(p).forEach(preset -> m.withArray("presets").add(preset));
        }
        return list;
    }

    private JsonNode ask(EditSession session, JsonNode body) {
        String prompt = text(body, "prompt", true);
        int maxNew = body.path("max_new_tokens").asInt(8);
        if (maxNew < 1 || maxNew > EditSession.MAX_NEW_TOKENS) {
            throw new InvalidInputException("max_new_tokens must be in [1, " + EditSession.MAX_NEW_TOKENS + "], got "
                    + maxNew);
        }
        EditSession.Answer answer = session.ask(prompt, maxNew);
        ObjectNode reply = JSON.createObjectNode().put("prompt", answer.prompt())
                .put("continuation", answer.continuation());
        answer.top().forEach(t -> reply.withArray("top").addObject().put("token", t.getKey())
                .put("probability", t.getValue()));
        return reply;
    }

    private JsonNode edit(EditSession session, JsonNode body) {
        String method = text(body, "method", true);
        String preset = text(body, "preset", false);
        EditRequest request = EditRequest.of(text(body, "prompt", true), text(body, "subject", true),
                text(body, "target", true));
        String rephrase = text(body, "rephrase", false);
        if (rephrase != null) {
            request = request.withRephrases(List.of(rephrase));
        }
        String locality = text(body, "locality_prompt", false);
        if (locality != null) {
            request = request.withLocality("neighborhood", List.of(new Probe(locality,
                    text(body, "locality_answer", true))));
        }
        EditSession.EditResult result = session.edit(request, method, preset,
                applicable(runtime.providers().method(method).hparamsType()));
        ObjectNode reply = applied(result.applied()).put("seconds", result.seconds());
        result.answers().forEach(a -> reply.withArray("answers").addObject().put("label", a.label())
                .put("prompt", a.prompt()).put("before", a.before()).put("after", a.after()));
        ObjectNode metrics = reply.putObject("metrics");
        result.metrics().forEach((name, v) -> metrics.putObject(name).put("before", v[0]).put("after", v[1]));
        return reply;
    }

    private JsonNode edits(EditSession session) {
        ArrayNode list = JSON.createArrayNode();
        session.edits().forEach(a -> list.add(applied(a)));
        return list;
    }

    private JsonNode revert(EditSession session, String id) {
        int editId;
        try {
            editId = Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("edit id must be a number, got '" + id + "'");
        }
        ArrayNode reverted = JSON.createArrayNode();
        session.revert(editId).forEach(reverted::add);
        ObjectNode reply = JSON.createObjectNode();
        reply.set("reverted", reverted);
        return reply;
    }

    /** The overrides whose keys are components of {@code hparams} (snake_case of the record's names). */
    private Map<String, String> applicable(Class<?> hparams) {
        Map<String, String> kept = new java.util.LinkedHashMap<>();
        for (var component : hparams.getRecordComponents()) {
            String key = component.getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
            if (overrides.containsKey(key)) {
                kept.put(key, overrides.get(key));
            }
        }
        return kept;
    }

    private static ObjectNode applied(EditSession.Applied a) {
        return JSON.createObjectNode().put("id", a.id()).put("method", a.method()).put("preset", a.preset())
                .put("prompt", a.request().filledPrompt()).put("subject", a.request().subject())
                .put("target", a.request().targetNew());
    }

    /** A text field: required ones must be non-blank; none may exceed {@value #MAX_TEXT} characters. */
    private static String text(JsonNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            if (required) {
                throw new InvalidInputException("field '" + field + "' is missing: expected a non-empty string");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidInputException("field '" + field + "' must be a string, got " + value.getNodeType());
        }
        if (value.asText().length() > MAX_TEXT) {
            throw new InvalidInputException("field '" + field + "' is " + value.asText().length()
                    + " characters long; at most " + MAX_TEXT);
        }
        return value.asText();
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes = bytes(exchange, MAX_BODY);
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new InvalidInputException("the request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** The request body, at most {@code max} bytes. */
    private static byte[] bytes(HttpExchange exchange, int max) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                byte[] sink = new byte[1 << 16];   // read what the client sent (up to 16 MiB): it then reads the answer
                long drained = 0;
                for (int n; drained < (16L << 20) && (n = in.read(sink)) > 0; ) {
                    drained += n;
                }
                throw new BodyTooLargeException("request body over " + max + " bytes");
            }
        }
        return bytes;
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static void page(HttpExchange exchange) throws IOException {
        byte[] html;
        try (InputStream in = DemoApi.class.getResourceAsStream("demo.html")) {
            html = in.readAllBytes();
        }
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, html.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(html);
        }
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        sendBytes(exchange, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    private static void sendBytes(HttpExchange exchange, int status, String type, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The request body exceeds {@link #MAX_BODY}. */
    private static final class BodyTooLargeException extends RuntimeException {
        BodyTooLargeException(String message) {
            super(message);
        }
    }
}
