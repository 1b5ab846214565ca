package dev.amend.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.HParams;
import dev.amend.api.InvalidInputException;
import dev.amend.api.ProviderKind;
import dev.amend.api.model.Architecture;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.api.model.ModelAdapterProvider;
import dev.amend.api.model.ModelSpec;
import dev.amend.api.model.Stack;
import dev.amend.api.model.TokenBatch;
import dev.amend.api.model.WeightKind;
import dev.amend.api.model.WeightSite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of a model adapter, run on a small model directory of its family that the subclass provides. It
 * checks loading and its errors, logits for every position, that padding changes nothing, that every hook site runs
 * once per forward pass in canonical order with the right width, that hooks can replace activations, that weight
 * sites are canonical {@code out × in} (checked through the MLP output projection: changing W by Δ changes the MLP
 * output by {@code key · Δᵀ}), that weight writes round-trip exactly, and that generation is greedy.
 */
public abstract class BaseModelAdapterContractTest<H extends HParams>
        extends BaseProviderContractTest<H, ModelAdapterProvider<H>> {

    /** A fresh directory per test. */
    @TempDir
    protected Path temp;

    @Override
    protected final ProviderKind kind() {
        return ProviderKind.MODEL_ADAPTER;
    }

    /**
     * {@return a small model directory of this adapter's family}
     *
     * @throws IOException when the directory cannot be made
     */
    protected abstract Path modelDirectory() throws IOException;

    /** {@return texts of different lengths that the tokenizer handles} */
    protected List<String> texts() {
        return List.of("the capital of france is", "alice lives in", "the home city of carol smith is");
    }

    /** {@return largest allowed absolute difference between logits computed two ways (padding, deltas)} */
    protected double tolerance() {
        return 1e-4;
    }

    /**
     * {@return decoder input of encoder-decoder models for the batch tests (default: the decoder start token)}
     *
     * @param model the loaded model
     */
    protected int[] decoderInput(LanguageModel model) {
        return new int[] {model.decoderStartId()};
    }

    /**
     * {@return the model of {@link #modelDirectory()}, loaded on the CPU}
     * @throws IOException when the directory cannot be read
     */
    protected LanguageModel load() throws IOException {
        return provider().create(exampleHParams()).load(modelDirectory(), LoadOptions.cpu());
    }

    private TokenBatch batch(LanguageModel model, List<String> texts) {
        List<int[]> ids = texts.stream().map(t -> model.tokenizer().encode(t, true)).toList();
        if (model.spec().architecture() == Architecture.ENCODER_DECODER) {
            return TokenBatch.encoderDecoder(ids, ids.stream().map(i -> decoderInput(model)).toList());
        }
        return TokenBatch.of(ids);
    }

    @Test
    void loadsTheDirectoryAndDescribesIt() throws IOException {
        try (LanguageModel model = load()) {
            ModelSpec spec = model.spec();
            assertThat(provider().modelTypes()).contains(spec.modelType());
            assertThat(model.tokenizer().vocabSize()).isLessThanOrEqualTo(spec.vocabSize());
            assertThat(model.hookSites()).isNotEmpty();
            assertThat(model.weights().sites()).contains(WeightSite.decoder(0, WeightKind.MLP_OUT_PROJ));
        }
    }

    @Test
    void theModelsCacheKeepsValuesAndClosesThemWithTheModel() throws IOException {
        AtomicInteger closed = new AtomicInteger();
        AutoCloseable value = closed::incrementAndGet;
        LanguageModel model = load();
        try {
            assertThat(model.cache().get("contract.value", AutoCloseable.class, () -> value)).isSameAs(value);
            assertThat(model.cache().get("contract.value", AutoCloseable.class, () -> () -> { }))
                    .as("made once, then kept").isSameAs(value);
            assertThatThrownBy(() -> model.cache().get("contract.value", String.class, () -> "other"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("contract.value");
            assertThat(closed).hasValue(0);
        } finally {
            model.close();
        }
        assertThat(closed).as("closed with the model").hasValue(1);
    }

    @Test
    void aDirectoryWithoutAModelIsAClearError() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty-model"));
        assertThatThrownBy(() -> provider().create(exampleHParams()).load(empty, LoadOptions.cpu()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(empty.toString());
    }

    @Test
    void forwardGivesFiniteLogitsAtEveryPosition() throws IOException {
        try (LanguageModel model = load(); NDManager m = NDManager.newBaseManager()) {
            TokenBatch batch = batch(model, texts());
            NDArray logits = model.forward(m, batch).logits();
            List<int[]> rows = batch.decoderSequences().isEmpty() ? batch.sequences() : batch.decoderSequences();
            int longest = rows.stream().mapToInt(r -> r.length).max().orElseThrow();
            assertThat(logits.getShape()).isEqualTo(new Shape(texts().size(), longest, model.spec().vocabSize()));
            assertThat(logits.isInfinite().any().getBoolean() || logits.isNaN().any().getBoolean()).isFalse();
        }
    }

    @Test
    void paddingChangesNoLogit() throws IOException {
        try (LanguageModel model = load(); NDManager m = NDManager.newBaseManager()) {
            TokenBatch batch = batch(model, texts());
            var together = model.forward(m, batch);
            for (int row = 0; row < texts().size(); row++) {
                float[] alone = model.forward(m, batch(model, List.of(texts().get(row)))).logits(0).toFloatArray();
                float[] padded = together.logits(row).toFloatArray();
                assertThat(padded).as("row " + row).containsExactly(alone, within((float) tolerance()));
            }
        }
    }

    @Test
    void everyHookSiteRunsOncePerForwardInCanonicalOrderWithItsWidth() throws IOException {
        try (LanguageModel model = load(); NDManager m = NDManager.newBaseManager()) {
            List<HookSite> visited = new ArrayList<>();
            Hooks hooks = Hooks.none();
            for (HookSite site : model.hookSites()) {
                hooks = hooks.observe(site, activation -> {
                    visited.add(site);
                    long width = site.point() == HookPoint.MLP_KEY || site.point() == HookPoint.MLP_PRE
                            ? model.spec().mlpSize() : model.spec().hiddenSize();
                    assertThat(activation.getShape().get(0)).as(site + " rows").isEqualTo(texts().size());
                    assertThat(activation.getShape().get(2)).as(site + " width").isEqualTo(width);
                });
            }
            model.forward(m, batch(model, texts()), hooks);
            List<HookSite> canonical = model.hookSites().stream()
                    .sorted(Comparator.comparing(HookSite::stack).thenComparing(HookSite::layer)
                            .thenComparing(HookSite::point))
                    .toList();
            assertThat(visited).isEqualTo(canonical);
            assertThat(canonical.get(0).stack()).isEqualTo(model.spec().architecture() == Architecture.ENCODER_DECODER
                    ? Stack.ENCODER : Stack.DECODER);
        }
    }

    @Test
    void hooksCanReplaceActivations() throws IOException {
        try (LanguageModel model = load(); NDManager m = NDManager.newBaseManager()) {
            HookSite last = HookSite.decoder(model.spec().numLayers() - 1, HookPoint.RESID_POST);
            TokenBatch batch = batch(model, texts());
            float[] plain = model.forward(m, batch).logits().toFloatArray();
            float[] zeroed = model.forward(m, batch, Hooks.none()
                    .replace(last, (activation, layout) -> activation.zerosLike())).logits().toFloatArray();
            assertThat(zeroed).isNotEqualTo(plain);
            assertThatThrownBy(() -> model.forward(m, batch, Hooks.none()
                    .observe(HookSite.decoder(model.spec().numLayers() + 5, HookPoint.MLP_OUT), a -> { })))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void weightSitesHaveCanonicalShapes() throws IOException {
        try (LanguageModel model = load()) {
            ModelSpec spec = model.spec();
            for (WeightSite site : model.weights().sites()) {
                Shape shape = model.weights().shape(site);
                switch (site.kind()) {
                    case MLP_OUT_PROJ -> assertThat(shape).as(site.toString()).isEqualTo(new Shape(spec.hiddenSize(), spec.mlpSize()));
                    case MLP_IN_PROJ, MLP_GATE_PROJ -> assertThat(shape).as(site.toString())
                            .isEqualTo(new Shape(spec.mlpSize(), spec.hiddenSize()));
                    case EMBED -> assertThat(shape).as(site.toString()).isEqualTo(new Shape(spec.hiddenSize(), spec.vocabSize()));
                    case LM_HEAD -> assertThat(shape).as(site.toString()).isEqualTo(new Shape(spec.vocabSize(), spec.hiddenSize()));
                    case ATTN_Q, ATTN_K, ATTN_V -> assertThat(shape.get(1)).as(site + " in").isEqualTo(spec.hiddenSize());
                    case ATTN_O -> assertThat(shape.get(0)).as(site + " out").isEqualTo(spec.hiddenSize());
                }
            }
        }
    }

    @Test
    void theMlpOutputProjectionIsSeenOutByIn() throws IOException {
        try (LanguageModel model = load(); NDManager m = NDManager.newBaseManager()) {
            WeightSite site = WeightSite.decoder(0, WeightKind.MLP_OUT_PROJ);
            NDArray[] key = new NDArray[1];
            NDArray[] out = new NDArray[1];
            Hooks capture = Hooks.none()
                    .observe(HookSite.decoder(0, HookPoint.MLP_KEY), a -> key[0] = a)
                    .observe(HookSite.decoder(0, HookPoint.MLP_OUT), a -> out[0] = a);
            TokenBatch batch = batch(model, texts().subList(0, 1));
            model.forward(m, batch, capture);
            NDArray before = out[0];
            String fingerprint = model.weights().fingerprint();
            NDArray original = model.weights().get(site, m);
            Shape shape = model.weights().shape(site);
            float[] delta = new float[(int) shape.size()];
            Random random = new Random(11);
            for (int i = 0; i < delta.length; i++) {
                delta[i] = (float) (0.01 * random.nextGaussian());
            }
            NDArray d = m.create(delta, shape);
            model.weights().add(site, d);
            model.forward(m, batch, capture);
            NDArray expected = key[0].matMul(d.transpose());
            float[] change = out[0].sub(before).toFloatArray();
            assertThat(change).containsExactly(expected.toFloatArray(), within((float) tolerance()));
            model.weights().set(site, original);
            assertThat(model.weights().fingerprint()).as("set restores exactly").isEqualTo(fingerprint);
        }
    }

    @Test
    void getThenSetChangesNoBit() throws IOException {
        try (LanguageModel model = load(); NDManager m = NDManager.newBaseManager()) {
            String before = model.weights().fingerprint();
            for (WeightSite site : model.weights().sites()) {
                model.weights().set(site, model.weights().get(site, m));
            }
            assertThat(model.weights().fingerprint()).isEqualTo(before);
        }
    }

    @Test
    void generationIsGreedy() throws IOException {
        try (LanguageModel model = load(); NDManager m = NDManager.newBaseManager()) {
            int[] prompt = model.tokenizer().encode(texts().get(0), true);
            int[] generated = model.generate(List.of(prompt), 3).get(0);
            assertThat(generated.length).isBetween(1, 3);
            if (model.spec().architecture() == Architecture.DECODER_ONLY) {
                int[] sequence = prompt;
                for (int token : generated) {
                    NDArray logits = model.forward(m, TokenBatch.of(sequence)).logits();
                    assertThat(logits.get(new NDIndex("0, -1, :")).argMax().getLong()).isEqualTo(token);
                    sequence = java.util.stream.IntStream.concat(java.util.Arrays.stream(sequence),
                            java.util.stream.IntStream.of(token)).toArray();
                }
            }
        }
    }

    /** Runtime-only edits act through hooks, so generation must run them in every pass, cached or not. */
    @Test
    void hooksReachEveryPassOfGeneration() throws IOException {
        try (LanguageModel model = load(); NDManager m = NDManager.newBaseManager()) {
            int[] prompt = model.tokenizer().encode(texts().get(0), true);
            HookSite last = HookSite.decoder(model.spec().numLayers() - 1, HookPoint.RESID_POST);
            int[] passes = new int[1];
            Hooks flip = Hooks.none().replace(last, (activation, layout) -> {
                passes[0]++;
                return activation.neg();
            });
            int[] generated = model.generate(List.of(prompt), 3, flip).get(0);
            assertThat(passes[0]).as("one pass per generated token, each running the hook").isEqualTo(generated.length);
            if (model.spec().architecture() == Architecture.DECODER_ONLY) {
                int[] sequence = prompt;
                for (int token : generated) {
                    NDArray logits = model.forward(m, TokenBatch.of(sequence), flip).logits();
                    assertThat(logits.get(new NDIndex("0, -1, :")).argMax().getLong()).isEqualTo(token);
                    sequence = java.util.stream.IntStream.concat(java.util.Arrays.stream(sequence),
                            java.util.stream.IntStream.of(token)).toArray();
                }
            }
        }
    }

    @Test
    void batchedGenerationMatchesOnePromptAtATime() throws IOException {
        try (LanguageModel model = load()) {
            List<int[]> prompts = texts().stream().map(t -> model.tokenizer().encode(t, true)).toList();
            List<int[]> together = model.generate(prompts, 4);
            assertThat(together).hasSameSizeAs(prompts);
            for (int i = 0; i < prompts.size(); i++) {
                assertThat(together.get(i)).as("prompt " + i)
                        .containsExactly(model.generate(List.of(prompts.get(i)), 4).get(0));
            }
        }
    }

    @Test
    void tokenizerRoundTripsPlainText() throws IOException {
        try (LanguageModel model = load()) {
            String text = texts().get(0);
            assertThat(model.tokenizer().decode(model.tokenizer().encode(text)).trim()).isEqualTo(text);
        }
    }
}
