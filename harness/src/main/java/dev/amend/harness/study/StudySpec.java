package dev.amend.harness.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.amend.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A study file, validated: what to run, not how. Paths are read relative to the working directory, as every Amend
 * command reads them.
 *
 * <pre>{@code
 * name: paper-table
 * seed: 0
 * metrics: [reliability, generalization, locality, portability, fluency]   # optional
 * devices: [auto]                                                         # optional: one worker per entry
 * models: [models/toy]
 * datasets:
 *   - {path: models/toy/data/zsre_mend_eval.json, limit: 100}
 * methods:
 *   - {method: rome, preset: toy, modes: [single]}
 *   - {method: memit, preset: toy, modes: [batch, sequential], batch_size: 50}
 *   - {method: ft, preset: toy, modes: [single], overrides: [{}, {norm_constraint: 1e-2}]}
 *   - {method: rome, preset: toy, modes: [sequential], checkpoint_every: 100}
 * }</pre>
 *
 * @param name     the study's name (reports' title, and its directory's name under {@code runs/}: a simple file name)
 * @param seed     the engine's random seed, set before every unit of work
 * @param models   model directories
 * @param datasets edit data sets
 * @param methods  method entries, each expanding to modes × overrides cells
 * @param metrics  the metrics to measure, by name; null for those on by default (fluency, say, is not)
 * @param devices  worker slots ({@code auto}, {@code cpu}, {@code gpu:N}; see {@code DevicePool}); null for auto
 */
public record StudySpec(String name, long seed, List<Path> models, List<Dataset> datasets, List<MethodEntry> methods,
                        List<String> metrics, List<String> devices) {

    /** A data set file and how many of its records to use (all when {@code limit} is 0). */
    public record Dataset(Path path, int limit) {}

    /**
     * One method of the grid.
     *
     * @param method    the provider's name
     * @param preset    one of its presets, or null
     * @param hparams   an hparams file, or null
     * @param modes     the modes to run it in
     * @param batchSize       requests per apply call in batch and sequential modes
     * @param checkpointEvery in sequential mode, apply calls between two re-measurements of every edit so far (the
     *                        last call is always followed by one)
     * @param overrides       hparams overrides; each one makes its own cells ({@code {}} for none)
     */
    public record MethodEntry(String method, String preset, Path hparams, List<Mode> modes, int batchSize,
                              int checkpointEvery, List<ObjectNode> overrides) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The largest study file read. */
    private static final long MAX_FILE_BYTES = 1 << 20;
    private static final Set<String> TOP = Set.of("name", "seed", "models", "datasets", "methods", "metrics",
            "devices");
    private static final Set<String> DATASET = Set.of("path", "limit");
    private static final Set<String> METHOD = Set.of("method", "preset", "hparams", "modes", "batch_size",
            "checkpoint_every", "overrides");

    /**
     * Reads and validates {@code file}.
     *
     * @throws InvalidInputException naming the file and the field that is wrong, and what was expected
     */
    public static StudySpec read(Path file) {
        JsonNode root;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new InvalidInputException(file + ": " + Files.size(file) + " bytes: expected a study file of at "
                        + "most " + MAX_FILE_BYTES + " bytes (a study names its grid in a few lines)");
            }
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidInputException(file + ": not a readable YAML study: " + e.getMessage(), e);
        }
        Fields f = new Fields(file);
        f.object(root, "the study", TOP);
        String name = f.fileName(root, "name", "the study");
        long seed = root.has("seed") ? f.integer(root, "seed", "the study") : 0;
        List<Path> models = new ArrayList<>();
        for (JsonNode m : f.list(root, "models", "the study")) {
            models.add(Path.of(f.textValue(m, "models[" + models.size() + "]")));
        }
        List<Dataset> datasets = new ArrayList<>();
        for (JsonNode d : f.list(root, "datasets", "the study")) {
            String where = "datasets[" + datasets.size() + "]";
            f.object(d, where, DATASET);
            int limit = d.has("limit") ? (int) f.integer(d, "limit", where) : 0;
            datasets.add(new Dataset(Path.of(f.text(d, "path", where)), limit));
        }
        List<MethodEntry> methods = new ArrayList<>();
        for (JsonNode m : f.list(root, "methods", "the study")) {
            methods.add(method(f, m, "methods[" + methods.size() + "]"));
        }
        StudySpec spec = new StudySpec(name, seed, List.copyOf(models), List.copyOf(datasets), List.copyOf(methods),
                f.optionalTexts(root, "metrics"), f.optionalTexts(root, "devices"));
        refuseRepeatedCells(f, spec);
        return spec;
    }

    /**
     * Refuses a grid in which two cells compute the same thing (a method, data set, model or override listed twice):
     * they would share one id, so the second would run again and be counted twice in the report. Refused rather than
     * dropped, since a repeat is a slip in the file that the user should see and fix, not guess about.
     */
    private static void refuseRepeatedCells(Fields f, StudySpec spec) {
        Map<String, StudyCell> seen = new HashMap<>();
        for (StudyCell cell : StudyCell.grid(spec)) {
            StudyCell first = seen.putIfAbsent(cell.id(), cell);
            if (first != null) {
                throw f.error("cell " + cell.index(), "(" + cell.label() + " on " + cell.model() + " × "
                        + cell.dataset().path() + ", from " + where(spec, cell) + ") repeats cell " + first.index()
                        + " (from " + where(spec, first) + "): every cell of the grid must differ; remove the repeat");
            }
        }
    }

    /** Where a cell comes from in the file: its method entry and, where it has several, its overrides. */
    private static String where(StudySpec spec, StudyCell cell) {
        int method = sameIndex(spec.methods(), cell.entry());
        List<ObjectNode> overrides = cell.entry().overrides();
        return "methods[" + method + "]" + (overrides.size() > 1
                ? ".overrides[" + sameIndex(overrides, cell.overrides()) + "]" : "");
    }

    /** The index of {@code item} itself in {@code list} (equal items elsewhere in it do not count). */
    private static <T> int sameIndex(List<T> list, T item) {
        int i = 0;
        while (list.get(i) != item) {
            i++;
        }
        return i;
    }

    private static MethodEntry method(Fields f, JsonNode m, String where) {
        f.object(m, where, METHOD);
        String preset = m.has("preset") ? f.text(m, "preset", where) : null;
        Path hparams = m.has("hparams") ? Path.of(f.text(m, "hparams", where)) : null;
        if (preset != null && hparams != null) {
            throw f.error(where, "has both preset and hparams: give one");
        }
        List<Mode> modes = new ArrayList<>();
        for (JsonNode mode : f.list(m, "modes", where)) {
            modes.add(Mode.parse(f.textValue(mode, where + ".modes[" + modes.size() + "]"), f.file() + ": " + where));
        }
        int batchSize = f.positive(m, "batch_size", where);
        int checkpointEvery = f.positive(m, "checkpoint_every", where);
        List<ObjectNode> overrides = new ArrayList<>();
        if (m.has("overrides")) {
            for (JsonNode o : f.list(m, "overrides", where)) {
                if (!o.isObject()) {
                    throw f.error(where + ".overrides[" + overrides.size() + "]", "must be a map of hparams keys "
                            + "to values ({} for none), got " + o.getNodeType().name().toLowerCase(Locale.ROOT));
                }
                overrides.add((ObjectNode) o);
            }
        } else {
            overrides.add(YAML.createObjectNode());
        }
        return new MethodEntry(f.text(m, "method", where), preset, hparams, List.copyOf(modes), batchSize,
                checkpointEvery, List.copyOf(overrides));
    }

    /** Field access that names the file and the field in every error. */
    private record Fields(Path file) {

        InvalidInputException error(String field, String problem) {
            return new InvalidInputException(file + ": " + field + " " + problem);
        }

        void object(JsonNode node, String where, Set<String> known) {
            if (node == null || !node.isObject()) {
                throw error(where, "must be a map");
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.contains(key)) {
                    throw error(where, "has an unknown key '" + key + "' (known: " + known.stream().sorted().toList()
                            + ")");
                }
            }
        }

        /** A name used as a directory name: a {@link SimpleNames simple name}. */
        String fileName(JsonNode node, String key, String where) {
            String name = text(node, key, where);
            if (!SimpleNames.isSimple(name)) {
                throw error(where + "." + key, "must be " + SimpleNames.EXPECTED + ", got '" + name + "'");
            }
            return name;
        }

        String text(JsonNode node, String key, String where) {
            if (!node.hasNonNull(key)) {
                throw error(where, "is missing '" + key + "'");
            }
            return textValue(node.get(key), where + "." + key);
        }

        String textValue(JsonNode value, String field) {
            if (!value.isTextual() || value.asText().isBlank()) {
                throw error(field, "must be a non-empty string, got " + value);
            }
            return value.asText();
        }

        long integer(JsonNode node, String key, String where) {
            JsonNode value = node.get(key);
            if (!value.canConvertToExactIntegral() || value.asLong() < 0) {
                throw error(where + "." + key, "must be a whole number ≥ 0, got " + value);
            }
            return value.asLong();
        }

        /** An optional non-empty list of strings at the top level; null when absent. */
        List<String> optionalTexts(JsonNode root, String key) {
            if (!root.has(key)) {
                return null;
            }
            List<String> texts = new ArrayList<>();
            for (JsonNode item : list(root, key, "the study")) {
                texts.add(textValue(item, key + "[" + texts.size() + "]"));
            }
            return List.copyOf(texts);
        }

        /** An optional count, 1 when absent. */
        int positive(JsonNode node, String key, String where) {
            int value = node.has(key) ? (int) integer(node, key, where) : 1;
            if (value < 1) {
                throw error(where + "." + key, "must be at least 1, got " + value);
            }
            return value;
        }

        List<JsonNode> list(JsonNode node, String key, String where) {
            JsonNode value = node.get(key);
            if (value == null || !value.isArray() || value.isEmpty()) {
                throw error(where, "needs '" + key + "': a non-empty list");
            }
            List<JsonNode> items = new ArrayList<>();
            value.forEach(items::add);
            return items;
        }
    }
}
