package dev.amend.methods.locate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.InvalidInputException;
import dev.amend.api.Progress;
import dev.amend.api.model.BatchLayout;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.ModelCache;
import dev.amend.api.model.TokenBatch;
import dev.amend.toolkit.io.Hashing;
import dev.amend.toolkit.model.Padding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * {@code C = E[k kᵀ]} of the MLP keys at one layer (the inputs of the edited output projection), in float64.
 *
 * <p>Found, in order: in the model's {@link ModelCache} (once per loaded model and layer, as EasyEdit caches them:
 * sequential edits keep using the statistics of the weights they started from); in EasyEdit's precomputed file
 * {@code <stats_dir>/<model>/<mom2_dataset>_stats/<module>_<mom2_dtype>_mom2_<n>.npz}; in Amend's cache
 * {@code <stats_dir>/amend/<fingerprint>/<corpus>-<sha>/<module>_float64_mom2_<n>.npz}; otherwise computed from the
 * local corpus file {@code mom2_dataset} and written to that cache. {@code stats_dir} null means the per-user cache
 * ({@link StatsDir#of}), so that statistics do not land in whatever directory Amend is started from.
 */
public final class SecondMoments {

    private static final int CHUNK = 32;
    private static final String CACHE_KEY = "second-moments";

    /**
     * What is kept for one loaded model, in a manager of its own that the model's cache closes with the model, so that
     * statistics (hundreds of MB for a large model) do not outlive it.
     */
    private record Held(NDManager manager, Map<String, NDArray> arrays) implements AutoCloseable {
        @Override
        public void close() {
            manager.close();
        }
    }

    private SecondMoments() {}

    /** The statistics of {@code layer}: {@code [mlp, mlp]} float64, attached to {@code manager}. */
    public static NDArray of(NDManager manager, LanguageModel model, int layer, StatsHParams h, Progress progress) {
        String module = module(h, layer);
        return cached(manager, model, key(h, layer), holder -> {
            try {
                return load(model, layer, module, h, progress, holder);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read or write statistics under " + StatsDir.of(h.statsDir()),
                        e);
            }
        });
    }

    /**
     * {@code C⁻¹} of {@code layer} (float64), inverted once per loaded model and layer, as EasyEdit caches it: ROME
     * whitens every edit's key with it.
     */
    public static NDArray inverse(NDManager manager, LanguageModel model, int layer, StatsHParams h,
                                  Progress progress) {
        return cached(manager, model, key(h, layer) + "|inverse", holder -> {
            try (NDManager scratch = holder.newSubManager()) {
                NDArray inverse = of(scratch, model, layer, h, progress).inverse();
                inverse.attach(holder);
                return inverse;
            }
        });
    }

    /**
     * The projector onto the eigenvectors of {@code layer}'s {@code C} under {@code threshold} (AlphaEdit's null
     * space, {@link ClosedForm#nullSpaceProjector}), computed once per loaded model, layer and threshold.
     */
    public static NDArray nullSpaceProjector(NDManager manager, LanguageModel model, int layer, StatsHParams h,
                                             double threshold, Progress progress) {
        return cached(manager, model, key(h, layer) + "|null space under " + threshold, holder -> {
            try (NDManager scratch = holder.newSubManager()) {
                return ClosedForm.nullSpaceProjector(holder, of(scratch, model, layer, h, progress), threshold);
            }
        });
    }

    /**
     * {@code m (C + λ m I)⁻¹} of {@code layer} (float64), m the mean eigenvalue of C: a whitening damped by λ and scaled
     * so that a key of average spread keeps its size (WISE's optional preconditioner), computed once per loaded model,
     * layer and λ.
     */
    public static NDArray dampedWhitening(NDManager manager, LanguageModel model, int layer, StatsHParams h,
                                          double lambda, Progress progress) {
        return cached(manager, model, key(h, layer) + "|whitening damped by " + lambda, holder -> {
            try (NDManager scratch = holder.newSubManager()) {
                NDArray c = of(scratch, model, layer, h, progress);
                int n = (int) c.getShape().get(0);
                NDArray eye = scratch.eye(n).toType(DataType.FLOAT64, false);
                double meanEigenvalue = c.mul(eye).sum().getDouble() / n;
                NDArray whitening = c.add(eye.mul(lambda * meanEigenvalue)).inverse().mul(meanEigenvalue);
                whitening.attach(holder);
                return whitening;
            }
        });
    }

    /** The module {@code rewrite_module_tmp} names at {@code layer}. */
    private static String module(StatsHParams h, int layer) {
        return h.rewriteModuleTmp().replace("{}", Integer.toString(layer));
    }

    private static String key(StatsHParams h, int layer) {
        return module(h, layer) + "|" + h.mom2Dataset() + "|" + h.mom2NSamples() + "|" + h.statsDir();
    }

    /**
     * A copy, in {@code manager}, of what {@code compute} gives once per model and key; {@code compute} attaches its
     * result to the model's own manager, which it is given.
     */
    private static NDArray cached(NDManager manager, LanguageModel model, String key,
                                  Function<NDManager, NDArray> compute) {
        Held held = model.cache().get(CACHE_KEY, Held.class,
                () -> new Held(NDManager.newBaseManager(model.spec().device()), new HashMap<>()));
        NDArray cached;
        synchronized (held) {
            cached = held.arrays().get(key);
        }
        if (cached == null) {
            cached = compute.apply(held.manager());
            synchronized (held) {
                held.arrays().put(key, cached);
            }
        }
        NDArray copy = cached.duplicate();
        copy.attach(manager);
        return copy;
    }

    private static NDArray load(LanguageModel model, int layer, String module, StatsHParams h, Progress progress,
                                NDManager holder) throws IOException {
        long width = model.spec().mlpSize();
        Path statsDir = StatsDir.of(h.statsDir());
        String easyEditName = module + "_" + h.mom2Dtype() + "_mom2_" + h.mom2NSamples() + ".npz";
        List<Path> precomputed = new ArrayList<>();
        if (Files.isDirectory(statsDir)) {
            try (Stream<Path> models = Files.list(statsDir)) {
                models.map(m -> m.resolve(h.mom2Dataset() + "_stats").resolve(easyEditName))
                        .filter(Files::isRegularFile).forEach(precomputed::add);
            }
        }
        List<NDArray> matching = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        for (Path file : precomputed) {
            try (NDManager scratch = holder.newSubManager()) {
                NDArray moment = moment(file, scratch);
                if (moment.getShape().equals(new Shape(width, width))) {
                    moment.attach(holder);
                    matching.add(moment);
                    sources.add(file);
                }
            }
        }
        if (matching.size() > 1) {
            throw new InvalidInputException("several precomputed statistics fit this model: " + sources
                    + "; keep only the one for this model under " + statsDir);
        }
        if (matching.size() == 1) {
            return matching.get(0);
        }
        Path corpus = Path.of(h.mom2Dataset());
        if (!Files.isRegularFile(corpus)) {
            throw new InvalidInputException("mom2_dataset '" + h.mom2Dataset() + "' is not a local text file, and no "
                    + "precomputed statistics " + statsDir.resolve("<model>").resolve(h.mom2Dataset() + "_stats")
                    .resolve(easyEditName) + " of width " + width + " exist; Amend does not download data sets: point "
                    + "mom2_dataset at a text file (one sample per line) or put EasyEdit's .npz file there");
        }
        byte[] corpusBytes = Files.readAllBytes(corpus);
        Path cache = statsDir.resolve("amend").resolve(model.weights().fingerprint().substring(0, 16))
                .resolve(corpus.getFileName() + "-" + Hashing.sha256Hex(corpusBytes).substring(0, 12))
                .resolve(module + "_float64_mom2_" + h.mom2NSamples() + ".npz");
        if (Files.isRegularFile(cache)) {
            NDArray moment = moment(cache, holder);
            if (moment.getShape().equals(new Shape(width, width))) {
                return moment;
            }
        }
        List<String> lines = new ArrayList<>(new String(corpusBytes, StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank()).toList());
        Collections.shuffle(lines, new Random(1));
        List<String> samples = lines.subList(0, Math.min(lines.size(), h.mom2NSamples()));
        try (NDManager scratch = holder.newSubManager()) {
            NDArray[] sums = collect(scratch, model, layer, samples, progress);
            Npz.write(cache, Map.of("mom2.mom2", sums[0], "mom2.count", sums[1]));
            NDArray moment = sums[0].div(sums[1].toType(DataType.FLOAT64, false));
            moment.attach(holder);
            return moment;
        }
    }

    /** Sum of {@code k kᵀ} over every real token of the samples (float64), and the token count (int64 scalar). */
    static NDArray[] collect(NDManager manager, LanguageModel model, int layer, List<String> samples,
                             Progress progress) {
        int width = model.spec().mlpSize();
        NDArray sum = manager.zeros(new Shape(width, width), DataType.FLOAT64);
        long count = 0;
        HookSite site = HookSite.decoder(layer, HookPoint.MLP_KEY);
        int max = model.spec().maxPositions();
        try (Progress.Task task = progress.begin("second moments, layer " + layer, samples.size())) {
            for (int from = 0; from < samples.size(); from += CHUNK) {
                List<String> chunk = samples.subList(from, Math.min(samples.size(), from + CHUNK));
                List<int[]> ids = model.tokenizer().encodeAll(chunk, true).stream()
                        .map(t -> t.length > max ? Arrays.copyOf(t, max) : t).filter(t -> t.length > 0).toList();
                if (ids.isEmpty()) {
                    continue;
                }
                try (NDManager step = manager.newSubManager()) {
                    NDArray[] keys = new NDArray[1];
                    BatchLayout[] layouts = new BatchLayout[1];
                    model.forward(step, TokenBatch.of(ids), Hooks.none().replace(site, (k, layout) -> {
                        keys[0] = k;
                        layouts[0] = layout;
                        return k;
                    }));
                    NDArray mask = Padding.mask(step, layouts[0]).toType(DataType.BOOLEAN, false);
                    NDArray flat = keys[0].get(mask).toType(DataType.FLOAT64, false);
                    sum.addi(flat.transpose().matMul(flat));
                    count += flat.getShape().get(0);
                }
                task.advance(chunk.size());
            }
        }
        return new NDArray[] {sum, manager.create(count)};
    }

    private static NDArray moment(Path file, NDManager manager) throws IOException {
        Map<String, NDArray> arrays = Npz.read(file, manager);
        NDArray mom2 = arrays.get("mom2.mom2");
        NDArray count = arrays.get("mom2.count");
        if (mom2 == null || count == null) {
            throw new InvalidInputException(file + " has no mom2.mom2 and mom2.count arrays (found " + arrays.keySet()
                    + "): not a second-moment statistics file");
        }
        return mom2.toType(DataType.FLOAT64, false).div(count.toType(DataType.FLOAT64, false));
    }
}
