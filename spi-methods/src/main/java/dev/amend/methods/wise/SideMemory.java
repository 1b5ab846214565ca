package dev.amend.methods.wise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * WISE's side memory, as changes to the main memory's matrix W (out × in): the shard being written ({@code delta},
 * its random training {@code mask}, the lowest score an edit of it reached, and with {@code routing: key} the keys its
 * edits had at their answer positions) and the shards kept before it. Owns its manager; a new edit works on a
 * {@link #copy}.
 */
final class SideMemory implements AutoCloseable {

    /** A kept shard: its change to W, the lowest mean score its edits reached and their keys (null: not kept). */
    record Shard(NDArray delta, double minScore, NDArray keys) {}

    final NDManager manager;
    NDArray delta;
    NDArray mask;          // null until the shard's first edit draws it
    double minScore;       // +∞ while the shard has no edit
    NDArray keys;          // [keys, in]; null while none is kept
    int editsInShard;
    int edits;
    final List<Shard> shards;

    private SideMemory(NDManager manager, NDArray delta, NDArray mask, double minScore, NDArray keys, int editsInShard,
                       int edits, List<Shard> shards) {
        this.manager = manager;
        this.delta = delta;
        this.mask = mask;
        this.minScore = minScore;
        this.keys = keys;
        this.editsInShard = editsInShard;
        this.edits = edits;
        this.shards = shards;
    }

    /** An empty side memory for a matrix of {@code shape}. */
    static SideMemory empty(NDManager manager, Shape shape) {
        return new SideMemory(manager, manager.zeros(shape), null, Double.POSITIVE_INFINITY, null, 0, 0,
                new ArrayList<>());
    }

    /** A copy in {@code manager}. */
    SideMemory copy(NDManager manager) {
        List<Shard> kept = new ArrayList<>();
        shards.forEach(s -> kept.add(new Shard(own(s.delta(), manager), s.minScore(), own(s.keys(), manager))));
        return new SideMemory(manager, own(delta, manager), own(mask, manager), minScore, own(keys, manager),
                editsInShard, edits, kept);
    }

    /** Adds {@code more} ({@code [keys, in]}) to the current shard's keys. */
    void keep(NDArray more) {
        NDArray all = keys == null ? more.duplicate() : keys.concat(more);
        all.attach(manager);
        if (keys != null) {
            keys.close();
        }
        keys = all;
    }

    private static NDArray own(NDArray array, NDManager manager) {
        if (array == null) {
            return null;
        }
        NDArray copy = array.duplicate();
        copy.attach(manager);
        return copy;
    }

    /** The tensors an edit saves; {@link #fromTensors} reads them back. */
    Map<String, NDArray> tensors() {
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("delta", delta);
        putIfKept(t, "mask", mask);
        putIfKept(t, "keys", keys);
        double[] scores = new double[shards.size() + 1];
        scores[0] = editsInShard == 0 ? 0 : minScore;   // saved tensors are finite: "no edit yet" is read from counts
        for (int i = 0; i < shards.size(); i++) {
            t.put("shard." + i + ".delta", shards.get(i).delta());
            putIfKept(t, "shard." + i + ".keys", shards.get(i).keys());
            scores[i + 1] = shards.get(i).minScore();
        }
        t.put("min_scores", manager.create(scores));
        t.put("counts", manager.create(new int[] {editsInShard, edits}));
        return t;
    }

    private static void putIfKept(Map<String, NDArray> tensors, String name, NDArray array) {
        if (array != null) {
            tensors.put(name, array);
        }
    }

    /**
     * Reads what {@link #tensors} wrote into {@code manager}.
     *
     * @throws InvalidInputException when a tensor is missing or does not fit W's {@code shape}
     */
    static SideMemory fromTensors(Map<String, NDArray> tensors, NDManager manager, Shape shape) {
        NDArray scores = require(tensors, "min_scores");
        NDArray counts = require(tensors, "counts");
        double[] s = scores.toType(DataType.FLOAT64, false).toDoubleArray();
        int[] c = counts.toType(DataType.INT32, false).toIntArray();
        if (s.length == 0 || c.length != 2 || c[0] < 0 || c[1] < c[0]) {
            throw new InvalidInputException("WISE state tensors 'min_scores' " + scores.getShape() + " and 'counts' "
                    + Arrays.toString(c) + ": expected at least one score, and two counts (edits in the current "
                    + "shard <= edits in all)");
        }
        if (c[0] == 0) {
            s[0] = Double.POSITIVE_INFINITY;    // the current shard has no edit yet
        }
        List<Shard> shards = new ArrayList<>();
        for (int i = 0; i + 1 < s.length; i++) {
            shards.add(new Shard(matrix(tensors, "shard." + i + ".delta", manager, shape), s[i + 1],
                    keys(tensors, "shard." + i + ".keys", manager, shape)));
        }
        NDArray mask = tensors.containsKey("mask") ? matrix(tensors, "mask", manager, shape) : null;
        return new SideMemory(manager, matrix(tensors, "delta", manager, shape), mask, s[0],
                keys(tensors, "keys", manager, shape), c[0], c[1], shards);
    }

    /** The optional {@code [keys, in]} tensor {@code name}; null when absent. */
    private static NDArray keys(Map<String, NDArray> tensors, String name, NDManager manager, Shape shape) {
        NDArray array = tensors.get(name);
        if (array == null) {
            return null;
        }
        if (array.getShape().dimension() != 2 || array.getShape().get(1) != shape.get(1)
                || array.getDataType() != DataType.FLOAT32) {
            throw new InvalidInputException("WISE state tensor '" + name + "' is " + array.getDataType() + " "
                    + array.getShape() + ", expected float32 (keys, " + shape.get(1) + ") (the inputs of W)");
        }
        return own(array, manager);
    }

    private static NDArray require(Map<String, NDArray> tensors, String name) {
        NDArray array = tensors.get(name);
        if (array == null) {
            throw new InvalidInputException("WISE state tensor '" + name + "' is missing");
        }
        return array;
    }

    private static NDArray matrix(Map<String, NDArray> tensors, String name, NDManager manager, Shape shape) {
        NDArray array = require(tensors, name);
        if (!array.getShape().equals(shape) || array.getDataType() != DataType.FLOAT32) {
            throw new InvalidInputException("WISE state tensor '" + name + "' is " + array.getDataType() + " "
                    + array.getShape() + ", expected float32 " + shape + " (the side memory's matrix)");
        }
        return own(array, manager);
    }

    @Override
    public void close() {
        manager.close();
    }
}
