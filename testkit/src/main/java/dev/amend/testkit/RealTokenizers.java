package dev.amend.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real tokenizers committed as test fixtures in {@code tools/tokenizers/fixtures/} (GPT-2, Llama-3, Qwen3,
 * Gemma-3, Mistral-7B: pruned to the texts of the goldens; see tools/tokenizers/build.py) and the EasyEdit positions
 * computed on them ({@code easyedit-positions.json}). Each fixture is a directory with {@code tokenizer.json} and a
 * {@code config.json} holding the model's special ids, loadable without weights by spi-models' {@code HfTokenizer}.
 * Found by walking up from the working directory (a module's directory under Maven) to the repository root.
 */
public final class RealTokenizers {

    /** The fixtures, in the order the goldens list them. */
    public static final List<String> NAMES = List.of("gpt2", "llama3", "qwen3", "gemma3", "mistral-7b");

    private RealTokenizers() {}

    /**
     * {@return the directory of fixture {@code name}}
     *
     * @param name one of {@link #NAMES}
     */
    public static Path directory(String name) {
        return root().resolve(name);
    }

    /**
     * {@return EasyEdit's positions for fixture {@code name}: its {@code encodings} and {@code cases}}
     *
     * @param name one of {@link #NAMES}
     */
    public static JsonNode positions(String name) {
        try {
            return new ObjectMapper().readTree(root().resolve("easyedit-positions.json").toFile())
                    .path("tokenizers").path(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@return the ids of a JSON array}
     *
     * @param array a JSON array of integers
     */
    public static int[] ids(JsonNode array) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = array.get(i).asInt();
        }
        return ids;
    }

    private static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("tools/tokenizers/fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("tools/tokenizers/fixtures not found above " + Path.of("").toAbsolutePath());
    }
}
