package dev.amend.methods.ike;

import dev.amend.api.model.LanguageModel;
import dev.amend.methods.data.TrainingRecords.TrainingRecord;
import dev.amend.methods.data.TrainingRecords;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * IKE's pool of demonstrations, as EasyEdit's {@code encode_ike_facts} builds it from a training split: for each record
 * a copy ({@code fact → fact}), an update ({@code fact → its rephrase}) and a retain ({@code fact → an unrelated
 * fact}) demonstration, each embedded whole. Built once per (file, template) and model, kept in the model's cache.
 */
final class Demonstrations {

    private final Embedder embedder;
    private final List<String> texts;
    private final List<float[]> embeddings;

    private Demonstrations(Embedder embedder, List<String> texts, List<float[]> embeddings) {
        this.embedder = embedder;
        this.texts = texts;
        this.embeddings = embeddings;
    }

    /** {@return the pool {@code h} names, for the model being edited (from its cache once built)} */
    static Demonstrations of(LanguageModel model, IkeHParams h) {
        String key = "ike.demonstrations|" + Path.of(h.trainData()).toAbsolutePath().normalize() + "\u0000"
                + h.iclTemplate() + "\u0000" + h.demoSeparator() + "\u0000" + h.promptPrefix();
        return model.cache().get(key, Demonstrations.class, () -> build(model, h));
    }

    private static Demonstrations build(LanguageModel model, IkeHParams h) {
        List<String> texts = texts(TrainingRecords.readAsZsreDataset(model, Path.of(h.trainData()), "train_data"), h);
        Embedder embedder = Embedder.of(model);
        return new Demonstrations(embedder, texts, embedder.embed(texts));
    }

    /** The pool's texts, in EasyEdit's order: per record its copy, update and retain demonstrations. */
    static List<String> texts(List<TrainingRecord> records, IkeHParams h) {
        List<String> texts = new ArrayList<>();
        for (TrainingRecord r : records) {
            String fact = h.bare(r.prompt()) + " " + r.target();
            texts.add(h.demonstration(fact, r.prompt() + " " + r.target()));
            texts.add(h.demonstration(fact, r.rephrase() + " " + r.target()));
            texts.add(h.demonstration(fact, r.locality() + " " + r.localityAnswer()));
        }
        return List.copyOf(texts);
    }

    /** The {@code k} demonstrations most similar to {@code query}, the most similar first. */
    List<String> nearest(String query, int k) {
        float[] q = embedder.embed(query);
        double[] scores = embeddings.stream().mapToDouble(e -> Embedder.similarity(q, e)).toArray();
        return IntStream.range(0, texts.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparing(i -> i))
                .limit(k).map(texts::get).toList();
    }
}
