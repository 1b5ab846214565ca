package dev.amend.methods.locate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.amend.api.model.BatchLayout;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.TokenBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads activations at hook sites for given (text, token index) pairs without gradients: the keys and values that
 * locate-then-edit methods solve for.
 */
public final class Representations {

    private static final int CHUNK = 64;

    private Representations() {}

    /**
     * The activation at each site for each text at its index.
     *
     * @param texts     texts as the model reads them (special tokens are added)
     * @param positions one token index per text
     * @return per site, {@code [texts, width]} float32 rows attached to {@code manager}
     */
    public static Map<HookSite, NDArray> at(NDManager manager, LanguageModel model, List<String> texts,
                                            List<Integer> positions, List<HookSite> sites) {
        if (texts.size() != positions.size()) {
            throw new IllegalArgumentException(texts.size() + " texts but " + positions.size() + " positions");
        }
        Map<HookSite, List<NDArray>> parts = new LinkedHashMap<>();
        sites.forEach(s -> parts.put(s, new ArrayList<>()));
        for (int from = 0; from < texts.size(); from += CHUNK) {
            int to = Math.min(texts.size(), from + CHUNK);
            List<int[]> ids = model.tokenizer().encodeAll(texts.subList(from, to), true);
            List<Integer> chunkPositions = positions.subList(from, to);
            try (NDManager scratch = manager.newSubManager()) {
                Hooks hooks = Hooks.none();
                for (HookSite site : sites) {
                    hooks = hooks.replace(site, (activation, layout) -> {
                        NDArray rows = gather(activation, layout, chunkPositions);
                        rows.attach(manager);
                        parts.get(site).add(rows);
                        return activation;
                    });
                }
                model.forward(scratch, TokenBatch.of(ids), hooks);
            }
        }
        Map<HookSite, NDArray> result = new LinkedHashMap<>();
        parts.forEach((site, list) -> {
            NDArray all = list.size() == 1 ? list.get(0) : NDArrays.concat(new NDList(list), 0);
            all.attach(manager);
            result.put(site, all);
        });
        return result;
    }

    /** Rows {@code activation[row, position(row)]} of a padded batch: {@code [rows, width]}. */
    static NDArray gather(NDArray activation, BatchLayout layout, List<Integer> positions) {
        List<NDArray> rows = new ArrayList<>();
        for (int row = 0; row < positions.size(); row++) {
            rows.add(activation.get(new NDIndex("{}, {}", row, layout.index(row, positions.get(row)))));
        }
        return NDArrays.stack(new NDList(rows), 0);
    }
}
