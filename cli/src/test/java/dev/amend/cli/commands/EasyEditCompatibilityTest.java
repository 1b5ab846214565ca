package dev.amend.cli.commands;

import static dev.amend.cli.AmendRun.amend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.cli.AmendRun.Result;
import dev.amend.cli.bench.RandomGpt2;
import dev.amend.harness.HParamsChoice;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * EasyEdit's own ROME and MEMIT hparams for gpt2-xl, unchanged (test resources {@code easyedit/}), edit a
 * gpt2-xl-shaped GPT-2 (48 layers, tiny width) with second moments read from {@code .npz} files written here the way
 * EasyEdit's {@code layer_stats} writes them: its directory layout, its key names (including the text
 * {@code constructor} entries) and its un-normalised {@code mom2.mom2} sum. Their {@code mom2_dataset: wikipedia}
 * is no local corpus, so the edit can only succeed by reading those files, and no statistics are written.
 */
class EasyEditCompatibilityTest {

    static final int LAYERS = 48;
    static final int HIDDEN = 16;
    static final int INNER = 4 * HIDDEN;
    static final List<String> WORDS = List.of("<unk>", "the", "capital", "of", "france", "is", "paris", "lyon",
            "The", "Therefore", "Because", "I", "You", ".");

    @TempDir
    static Path temp;

    static Path model;
    static Path stats;

    @BeforeAll
    static void writeAGpt2XlShapedModelAndEasyEditStatistics() throws IOException {
        model = Files.createDirectories(temp.resolve("gpt2-xl-shaped"));
        String vocab = IntStream.range(0, WORDS.size()).mapToObj(i -> "\"" + WORDS.get(i) + "\": " + i)
                .collect(Collectors.joining(", "));
        RandomGpt2.write(model, LAYERS, HIDDEN, 2, WORDS.size(), 64, """
                {"version": "1.0", "truncation": null, "padding": null, "added_tokens": [], "normalizer": null,
                 "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null, "decoder": null,
                 "model": {"type": "WordLevel", "vocab": {%s}, "unk_token": "<unk>"}}
                """.formatted(vocab));
        stats = temp.resolve("stats");
        for (int layer = 13; layer <= 17; layer++) {
            writeEasyEditStats(stats.resolve("gpt2-xl/wikipedia_stats/transformer.h." + layer
                    + ".mlp.c_proj_float32_mom2_100000.npz"));
        }
    }

    @ParameterizedTest
    @CsvSource({"rome, ROME-gpt2-xl.yaml", "memit, MEMIT-gpt2-xl.yaml"})
    void easyEditsGpt2XlHParamsEditWithEasyEditsStatistics(String method, String file) throws IOException {
        Path hparams = temp.resolve(file);
        try (var in = getClass().getResourceAsStream("/easyedit/" + file)) {
            Files.write(hparams, in.readAllBytes());
        }
        Result result = amend("edit", "--model", model.toString(), "--method", method,
                "--hparams", hparams.toString(), "--set", "stats_dir=" + HParamsChoice.quoted(stats),
                "--set", "v_num_grad_steps=2", "--prompt", "the capital of {} is", "--subject", "france",
                "--target", "lyon");
        assertThat(result.status()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("\"mom2_dataset\":\"wikipedia\"").contains("reliability");
        try (var written = Files.walk(stats)) {
            assertThat(written.filter(Files::isRegularFile).count()).as("only EasyEdit's five files").isEqualTo(5);
        }
    }

    /**
     * An npz as EasyEdit's {@code layer_stats} saves {@code CombinedStat(mom2=SecondMoment())}: {@code constructor}
     * and {@code mom2.constructor} (text), {@code mom2.count} (int64 scalar), {@code mom2.mom2} (the float32 sum of
     * k kᵀ, not yet divided by the count). Here C = diag(1 … 64) over 1,000 samples.
     */
    static void writeEasyEditStats(Path file) throws IOException {
        long count = 1000;
        ByteBuffer mom2 = ByteBuffer.allocate(INNER * INNER * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < INNER; i++) {
            for (int j = 0; j < INNER; j++) {
                mom2.putFloat(i == j ? (float) (count * (i + 1)) : 0f);
            }
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("constructor", npyText("util.runningstats.CombinedStat()"));
        entries.put("mom2.constructor", npyText("util.runningstats.SecondMoment()"));
        entries.put("mom2.count", npy("<i8", "()", ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(count).array()));
        entries.put("mom2.mom2", npy("<f4", "(" + INNER + ", " + INNER + ")", mom2.array()));
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }

    /** A 0-d numpy unicode array ({@code <U n}: UTF-32LE). */
    static byte[] npyText(String text) {
        ByteBuffer data = ByteBuffer.allocate(4 * text.length()).order(ByteOrder.LITTLE_ENDIAN);
        text.codePoints().forEach(data::putInt);
        return npy("<U" + text.length(), "()", data.array());
    }

    /** The .npy format, version 1.0: magic, header length, the header dict padded to 64 bytes, the data. */
    static byte[] npy(String descr, String shape, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer npy = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        npy.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length())
                .put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return npy.array();
    }
}
