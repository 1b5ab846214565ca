package dev.amend.models.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Keys and values of earlier tokens per layer ({@code [rows, kvHeads, S, headDim]}), grown by each decoding step. The
 * cache owns its arrays (in its own manager); each step's arrays live in the step's manager.
 */
final class KvCache {

    private final NDManager owner;
    private final NDArray[] keys;
    private final NDArray[] values;

    KvCache(NDManager owner, int layers) {
        this.owner = owner;
        keys = new NDArray[layers];
        values = new NDArray[layers];
    }

    NDList append(int layer, NDArray k, NDArray v) {
        keys[layer] = grow(keys[layer], k);
        values[layer] = grow(values[layer], v);
        return new NDList(keys[layer], values[layer]);
    }

    private NDArray grow(NDArray cached, NDArray added) {
        NDArray next = cached == null ? added.duplicate() : cached.concat(added, 2);
        next.attach(owner);
        if (cached != null) {
            cached.close();
        }
        return next;
    }
}
