package dev.amend.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.models.hf.SafetensorsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A tiny checkpoint written by {@code tools/fixtures/generate.py} with its float64 reference outputs
 * ({@code golden.safetensors}) and its cases ({@code golden.json}).
 */
record Fixture(String name, Path directory, JsonNode golden) {

    /** Every fixture directory under {@code src/test/resources/fixtures}. */
    static List<Fixture> all() {
        try (Stream<Path> dirs = Files.list(root())) {
            List<Fixture> fixtures = new ArrayList<>();
            for (Path dir : dirs.sorted().toList()) {
                fixtures.add(of(dir.getFileName().toString()));
            }
            return fixtures;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Fixture of(String name) {
        Path dir = root().resolve(name);
        try {
            return new Fixture(name, dir, new ObjectMapper().readTree(dir.resolve("golden.json").toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path root() {
        try {
            return Path.of(Fixture.class.getResource("/fixtures").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@return a copy of the fixture's files in {@code parent}/{@code name}, to be broken by a test} */
    Path copyTo(Path parent) throws IOException {
        Path target = Files.createDirectories(parent.resolve(name));
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }

    String dtype() {
        return golden.get("dtype").asText();
    }

    String modelType() {
        return golden.get("model_type").asText();
    }

    List<JsonNode> cases() {
        List<JsonNode> cases = new ArrayList<>();
        golden.get("cases").forEach(cases::add);
        return cases;
    }

    int mlpKeyLayer() {
        return golden.get("mlp_key_layer").asInt();
    }

    static int[] ids(JsonNode array) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = array.get(i).asInt();
        }
        return ids;
    }

    /** A reference tensor (float64) of {@code golden.safetensors}, or null when absent. */
    NDArray reference(NDManager manager, String name) throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(directory.resolve("golden.safetensors"))) {
            return file.entries().containsKey(name) ? file.load(manager, name) : null;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
