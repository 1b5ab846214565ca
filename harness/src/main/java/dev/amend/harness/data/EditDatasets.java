package dev.amend.harness.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.InvalidRequestException;
import dev.amend.api.edit.Probe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads an editing data set (a JSON array, or one JSON object per line) into requests, one record at a time. The
 * format is recognised from the first record unless given. A record with a missing or malformed field stops the read
 * with an error naming the file, the record (0-based) and the field. Files are read with {@link InputJson}'s limits
 * and only as far as the requests asked for.
 */
public final class EditDatasets {

    private static final ObjectMapper JSON = InputJson.mapper();

    private EditDatasets() {}

    /**
     * Every request of {@code file}. MQuAKE cases with several rewrites give one request per rewrite.
     *
     * @throws InvalidInputException when the file is absent, malformed or holds no requests
     */
    public static List<EditRequest> read(Path file) {
        return read(file, Integer.MAX_VALUE);
    }

    /**
     * The first {@code limit} requests of {@code file}; reading stops there, so nothing after them is read, and
     * memory holds one record at a time beyond the requests returned.
     *
     * @throws InvalidInputException when the file is absent, malformed before the limit or holds no requests
     */
    public static List<EditRequest> read(Path file, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + ": expected at least 1");
        }
        List<EditRequest> requests = new ArrayList<>();
        forEach(file, null, request -> {
            requests.add(request);
            return requests.size() < limit;
        });
        if (requests.isEmpty()) {
            throw new InvalidInputException("no requests in " + file
                    + ": expected a JSON array of records or one record a line");
        }
        return requests.size() > limit ? List.copyOf(requests.subList(0, limit)) : requests;
    }

    /**
     * Streams the requests of {@code file} to {@code sink}, one record at a time, until it returns false.
     *
     * @param format the schema, or null to recognise it from the first record
     */
    public static void forEach(Path file, DatasetFormat format, Predicate<EditRequest> sink) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("data set " + file + " does not exist");
        }
        DatasetFormat[] known = {format};
        RecordStream.of(file, JsonNode.class).forEach((record, index) -> {
            if (!record.isObject()) {
                throw new InvalidInputException(file + ": record " + index + " is not a JSON object");
            }
            if (known[0] == null) {
                known[0] = DatasetFormat.of(record, file);
            }
            try {
                for (EditRequest request : convert(known[0], record)) {
                    if (!sink.test(request)) {
                        return false;
                    }
                }
                return true;
            } catch (InvalidRequestException e) {
                throw e.at(index, file.toString());
            }
        });
    }

    private static List<EditRequest> convert(DatasetFormat format, JsonNode r) {
        return switch (format) {
            case ZSRE -> List.of(zsre(r));
            case COUNTERFACT -> List.of(counterFact(r));
            case KNOWEDIT -> List.of(knowEdit(r));
            case MQUAKE -> mquake(r);
        };
    }

    private static EditRequest zsre(JsonNode r) {
        EditRequest request = new EditRequest(text(r, "src"), text(r, "subject"), text(r, "alt"),
                firstText(r, "answers"), optionalTexts(r, "rephrase"), null, null);
        if (r.hasNonNull("loc")) {
            request = request.withLocality("neighborhood", List.of(new Probe(text(r, "loc"), text(r, "loc_ans"))));
        }
        if (r.hasNonNull("portability")) {   // EasyEdit's ZsRE portability file: one question, run as "one_hop"
            JsonNode portability = object(r, "portability");
            request = request.withPortability("one_hop", List.of(new Probe(text(portability, "New Question",
                    "portability."), text(portability, "New Answer", "portability."))));
        }
        return request;
    }

    private static EditRequest counterFact(JsonNode r) {
        JsonNode rewrite = object(r, "requested_rewrite");
        String truth = text(object(rewrite, "target_true", "requested_rewrite."), "str", "requested_rewrite.target_true.");
        EditRequest request = new EditRequest(text(rewrite, "prompt", "requested_rewrite."),
                text(rewrite, "subject", "requested_rewrite."),
                text(object(rewrite, "target_new", "requested_rewrite."), "str", "requested_rewrite.target_new."), truth,
                optionalTexts(r, "paraphrase_prompts"), null, null);
        List<String> neighbours = optionalTexts(r, "neighborhood_prompts");
        if (!neighbours.isEmpty()) {
            request = request.withLocality("neighborhood", neighbours.stream().map(p -> new Probe(p, truth)).toList());
        }
        return request;
    }

    private static EditRequest knowEdit(JsonNode r) {
        return new EditRequest(text(r, "prompt"), text(r, "subject"), text(r, "target_new"),
                firstText(r, "ground_truth"), optionalTexts(r, "rephrase"), groups(r, "locality"),
                groups(r, "portability"));
    }

    private static List<EditRequest> mquake(JsonNode r) {
        JsonNode rewrites = r.get("requested_rewrite");
        if (rewrites == null || !rewrites.isArray() || rewrites.isEmpty()) {
            throw new InvalidRequestException("requested_rewrite", "expected a non-empty list of rewrites");
        }
        List<EditRequest> requests = new ArrayList<>();
        for (int i = 0; i < rewrites.size(); i++) {
            String at = "requested_rewrite[" + i + "].";
            JsonNode rewrite = rewrites.get(i);
            EditRequest request = new EditRequest(text(rewrite, "prompt", at), text(rewrite, "subject", at),
                    text(object(rewrite, "target_new", at), "str", at + "target_new."),
                    text(object(rewrite, "target_true", at), "str", at + "target_true."), null, null, null);
            if (i == 0 && r.hasNonNull("questions")) {
                String answer = text(r, "new_answer");
                request = request.withPortability("multi_hop",
                        optionalTexts(r, "questions").stream().map(q -> new Probe(q, answer)).toList());
            }
            requests.add(request);
        }
        return requests;
    }

    /** KnowEdit's named groups of {prompt, ground_truth} (ground_truth may be a string or nested lists of them). */
    private static Map<String, List<Probe>> groups(JsonNode r, String field) {
        JsonNode groups = r.get(field);
        if (groups == null || groups.isNull()) {
            return null;
        }
        if (!groups.isObject()) {
            throw new InvalidRequestException(field, "expected an object of named lists of {prompt, ground_truth}");
        }
        Map<String, List<Probe>> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> group : groups.properties()) {
            List<Probe> probes = new ArrayList<>();
            JsonNode items = group.getValue().isArray() ? group.getValue() : JSON.createArrayNode().add(group.getValue());
            for (int i = 0; i < items.size(); i++) {
                String at = field + "." + group.getKey() + "[" + i + "].";
                JsonNode item = items.get(i);
                String answer = item.has("ground_truth") ? firstText(item, "ground_truth", at) : text(item, "answer", at);
                if (answer == null) {
                    throw new InvalidRequestException(at + "ground_truth", "is missing: expected a string");
                }
                probes.add(new Probe(firstText(item, "prompt", at), answer));
            }
            if (!probes.isEmpty()) {
                result.put(group.getKey(), probes);
            }
        }
        return result;
    }

    private static String text(JsonNode r, String field) {
        return text(r, field, "");
    }

    private static String text(JsonNode r, String field, String path) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidRequestException(path + field, "is missing: expected a string");
        }
        if (!v.isTextual()) {
            throw new InvalidRequestException(path + field, "is " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + ", expected a string");
        }
        return v.asText();
    }

    private static JsonNode object(JsonNode r, String field) {
        return object(r, field, "");
    }

    private static JsonNode object(JsonNode r, String field, String path) {
        JsonNode v = r.get(field);
        if (v == null || !v.isObject()) {
            throw new InvalidRequestException(path + field, v == null ? "is missing: expected an object"
                    : "expected an object");
        }
        return v;
    }

    private static String firstText(JsonNode r, String field) {
        return firstText(r, field, "");
    }

    /** The first string in a string or (nested) list of strings; null when absent. */
    private static String firstText(JsonNode r, String field, String path) {
        JsonNode v = r.get(field);
        while (v != null && v.isArray()) {
            v = v.isEmpty() ? null : v.get(0);
        }
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidRequestException(path + field, "expected a string or a list of strings");
        }
        return v.asText();
    }

    /** A string or a list of strings, as a list; empty when absent. */
    private static List<String> optionalTexts(JsonNode r, String field) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : v.isArray() ? v : JSON.createArrayNode().add(v)) {
            if (!item.isTextual()) {
                throw new InvalidRequestException(field, "expected a string or a list of strings");
            }
            texts.add(item.asText());
        }
        return texts;
    }
}
