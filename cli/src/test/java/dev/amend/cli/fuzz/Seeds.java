package dev.amend.cli.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The valid inputs the fuzz targets start from, read from the checkout (tests run in {@code cli/}). */
final class Seeds {

    static final Path CHECKOUT = CliCase.TOY.getParent().getParent();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where {@link #studies()} puts the small request files its studies read. */
    private static final Path SMALL_DATA = Path.of("target", "fuzz", "study-data").toAbsolutePath();

    private Seeds() {}

    /**
     * The toy presets (hparams YAML) of FT, FT-M, GRACE and LoRA by file name, made cheap: two optimisation steps
     * instead of 25 to 70 (a mutation may still ask for any number).
     */
    static Map<String, byte[]> presets() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        for (String p : List.of("ft/presets/toy.yaml", "ft/presets/toy-ft-m.yaml", "grace/presets/toy.yaml",
                "lora/presets/toy.yaml")) {
            String text = new String(read(CHECKOUT.resolve("spi-methods/src/main/resources/dev/amend/methods")
                    .resolve(p)), StandardCharsets.UTF_8);
            seeds.put(p, cheap(text).getBytes(StandardCharsets.UTF_8));
        }
        return seeds;
    }

    /** Two optimisation steps, whatever the key is called. */
    static String cheap(String yaml) {
        return yaml.replaceAll("(?m)^(num_steps|n_iter): \\d+", "$1: 2");
    }

    /** The first two records of each of the toy model's request files (ZsRE, CounterFact, KnowEdit, MQuAKE). */
    static Map<String, byte[]> requests() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        for (String f : List.of("zsre_mend_eval.json", "counterfact.json", "knowedit.json", "mquake.json")) {
            seeds.put(f, firstRecords(f, 2));
        }
        return seeds;
    }

    /** The first {@code n} records of the toy model's request file {@code name}, as JSON. */
    private static byte[] firstRecords(String name, int n) {
        try {
            ArrayNode all = (ArrayNode) JSON.readTree(CliCase.TOY.resolve("data").resolve(name).toFile());
            ArrayNode first = JSON.createArrayNode();
            for (int i = 0; i < n; i++) {
                first.add(all.get(i));
            }
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(first);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The example studies, made cheap and runnable from anywhere: the toy model's path made absolute, two requests
     * per dataset, two optimisation steps where a study sets them, and no method that first computes covariance
     * statistics (ROME, MEMIT).
     */
    static Map<String, byte[]> studies() {
        writeSmallData();
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        for (String s : List.of("tutorial", "grace", "lora", "sequential-arrays", "ike", "wise")) {
            String text = new String(read(CHECKOUT.resolve("examples/studies/" + s + ".yaml")), StandardCharsets.UTF_8);
            text = text.replace("models/toy/data/", SMALL_DATA.toString() + "/")
                    .replace("models/toy", CliCase.TOY.toString())
                    .replaceAll("limit: \\d+", "limit: 2")
                    .replaceAll("checkpoint_every: \\d+", "checkpoint_every: 1")
                    .replaceAll("(?m)^.*method: (rome|memit).*\\n", "")
                    .replaceAll("overrides: \\[\\{num_steps: 5\\}\\]", "overrides: [{num_steps: 2}]");
            seeds.put("examples/studies/" + s + ".yaml", text.getBytes(StandardCharsets.UTF_8));
        }
        return seeds;
    }

    /**
     * Copies of the studies' request files with two records each: a mutation that deletes a data set's {@code limit}
     * then runs two requests, not the whole file (a valid study of hundreds of edits, which takes minutes).
     */
    private static void writeSmallData() {
        try {
            Files.createDirectories(SMALL_DATA);
            for (String f : List.of("zsre_mend_eval.json", "zsre_mend_sequential.json")) {
                Files.write(SMALL_DATA.resolve(f), firstRecords(f, 2));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(byte[] bytes) throws IOException {
        return JSON.readTree(bytes);
    }
}
