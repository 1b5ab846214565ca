package dev.amend.methods.ike;

import dev.amend.methods.data.TrainingRecords;
import dev.amend.methods.data.TrainingRecords.TrainingRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * IKE's pool of demonstrations, as EasyEdit's {@code encode_ike_facts} builds it from a training split: for each record
 * a copy ({@code fact → fact}), an update ({@code fact → its rephrase}) and a retain ({@code fact → an unrelated
 * fact}) demonstration, each embedded whole. Built once per (file, template) and JVM.
 */
final class Demonstrations {

    private static final Map<String, Demonstrations> CACHE = new ConcurrentHashMap<>();

    private final List<String> texts;
    private final List<float[]> embeddings;

    private Demonstrations(List<String> texts, List<float[]> embeddings) {
        this.texts = texts;
        this.embeddings = embeddings;
    }

    static Demonstrations of(IkeHParams h) {
        String key = Path.of(h.trainData()).toAbsolutePath().normalize() + "\u0000" + h.iclTemplate() + "\u0000"
                + h.demoSeparator() + "\u0000" + h.promptPrefix();
        return CACHE.computeIfAbsent(key, k -> build(h));
    }

    private static Demonstrations build(IkeHParams h) {
        List<String> texts = new ArrayList<>();
        for (TrainingRecord r : TrainingRecords.read(Path.of(h.trainData()), "train_data")) {
            String fact = h.bare(r.prompt()) + " " + r.target();
            texts.add(h.demonstration(fact, r.prompt() + " " + r.target()));
            texts.add(h.demonstration(fact, r.rephrase() + " " + r.target()));
            texts.add(h.demonstration(fact, r.locality() + " " + r.localityAnswer()));
        }
        return new Demonstrations(List.copyOf(texts), Embedder.embed(texts));
    }

    /** The {@code k} demonstrations most similar to {@code query}, the most similar first. */
    List<String> nearest(String query, int k) {
        float[] q = Embedder.embed(query);
        double[] scores = embeddings.stream().mapToDouble(e -> Embedder.similarity(q, e)).toArray();
        return IntStream.range(0, texts.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparing(i -> i))
                .limit(k).map(texts::get).toList();
    }
}
