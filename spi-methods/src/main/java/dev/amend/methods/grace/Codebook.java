package dev.amend.methods.grace;

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
 * GRACE's memory, immutable: entries of a key (the layer's input at a prompt's last token), a value (what the
 * layer outputs there instead), a deferral radius, the answer tokens the value was trained for and EasyEdit's label
 * of the edit that opened the entry (the mean of its label row, the prompt's tokens counted as -100: EasyEdit's
 * grace/GRACE.py label_match compares these means). Rows are shared between a codebook and the ones grown from it,
 * never changed in place.
 */
record Codebook(List<float[]> keys, List<float[]> values, double[] radii, List<int[]> labels, float[] labelMeans) {

    /** {@return a codebook with no entries} */
    static Codebook empty() {
        return new Codebook(List.of(), List.of(), new double[0], List.of(), new float[0]);
    }

    Codebook {
        keys = List.copyOf(keys);
        values = List.copyOf(values);
        radii = radii.clone();
        labels = List.copyOf(labels);
        labelMeans = labelMeans.clone();
        if (values.size() != keys.size() || radii.length != keys.size() || labels.size() != keys.size()
                || labelMeans.length != keys.size()) {
            throw new IllegalArgumentException("a codebook needs as many values, radii and labels as keys");
        }
    }

    /**
     * EasyEdit's label of an edit: the float32 mean of its label row, {@code promptTokens} entries of -100 followed by
     * the answer's ids (grace/utils.py tokenize, then {@code labels.float().mean()}).
     */
    static float labelMean(int promptTokens, int[] answer) {
        long sum = -100L * promptTokens;
        for (int id : answer) {
            sum += id;
        }
        return (float) sum / (float) (promptTokens + answer.length);
    }

    int size() {
        return keys.size();
    }

    /** The nearest key to {@code query}, or -1 when empty, and its Euclidean distance (in double precision). */
    Nearest nearest(float[] query) {
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int i = 0; i < keys.size(); i++) {
            double d = distance(keys.get(i), query);
            if (d < bestDistance) {
                best = i;
                bestDistance = d;
            }
        }
        return new Nearest(best, bestDistance);
    }

    record Nearest(int index, double distance) {}

    /** This codebook with an entry added at the end. */
    Codebook with(float[] key, float[] value, double radius, int[] label, float labelMean) {
        List<float[]> k = new ArrayList<>(keys);
        List<float[]> v = new ArrayList<>(values);
        List<int[]> l = new ArrayList<>(labels);
        k.add(key);
        v.add(value);
        l.add(label);
        double[] r = Arrays.copyOf(radii, radii.length + 1);
        r[radii.length] = radius;
        float[] means = Arrays.copyOf(labelMeans, labelMeans.length + 1);
        means[labelMeans.length] = labelMean;
        return new Codebook(k, v, r, l, means);
    }

    /** This codebook with entry {@code i} replaced. */
    Codebook replace(int i, float[] key, float[] value, double radius, int[] label, float labelMean) {
        List<float[]> k = new ArrayList<>(keys);
        List<float[]> v = new ArrayList<>(values);
        List<int[]> l = new ArrayList<>(labels);
        k.set(i, key);
        v.set(i, value);
        l.set(i, label);
        double[] r = radii.clone();
        r[i] = radius;
        float[] means = labelMeans.clone();
        means[i] = labelMean;
        return new Codebook(k, v, r, l, means);
    }

    /** This codebook with entry {@code i}'s key, value and radius set (its labels kept). */
    Codebook replace(int i, float[] key, float[] value, double radius) {
        return replace(i, key, value, radius, labels.get(i), labelMeans[i]);
    }

    /** This codebook with entry {@code i}'s radius set. */
    Codebook withRadius(int i, double radius) {
        return replace(i, keys.get(i), values.get(i), radius);
    }

    static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }

    static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /**
     * The tensors an edit saves: keys and values (float32), radii (float64), labels (int32, padded with -1),
     * label_means (float32).
     */
    Map<String, NDArray> tensors(NDManager manager) {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        if (size() == 0) {
            return tensors;
        }
        tensors.put("keys", matrix(manager, keys));
        tensors.put("values", matrix(manager, values));
        tensors.put("radii", manager.create(radii));
        int width = labels.stream().mapToInt(l -> l.length).max().orElse(1);
        int[] padded = new int[size() * width];
        Arrays.fill(padded, -1);
        for (int i = 0; i < size(); i++) {
            System.arraycopy(labels.get(i), 0, padded, i * width, labels.get(i).length);
        }
        tensors.put("labels", manager.create(padded, new Shape(size(), width)));
        tensors.put("label_means", manager.create(labelMeans));
        return tensors;
    }

    /**
     * Reads what {@link #tensors} wrote for a layer whose keys have {@code keyWidth} and values {@code valueWidth}
     * numbers, of a model with {@code vocab} token ids.
     *
     * @throws InvalidInputException naming the tensor: missing, another type, or a shape that does not fit the layer
     */
    static Codebook fromTensors(Map<String, NDArray> tensors, long keyWidth, long valueWidth, int vocab) {
        if (tensors.isEmpty()) {
            return empty();
        }
        NDArray keys = require(tensors, "keys", DataType.FLOAT32);
        NDArray values = require(tensors, "values", DataType.FLOAT32);
        NDArray radii = require(tensors, "radii", DataType.FLOAT64);
        NDArray labels = require(tensors, "labels", DataType.INT32);
        long n = keys.getShape().dimension() == 2 ? keys.getShape().get(0) : -1;
        requireShape("keys", keys, new Shape(n, keyWidth), "(entries, the layer's key width)");
        requireShape("values", values, new Shape(n, valueWidth), "(entries, the layer's output width)");
        requireShape("radii", radii, new Shape(n), "(entries)");
        if (labels.getShape().dimension() != 2 || labels.getShape().get(0) != n || labels.getShape().get(1) < 1) {
            throw new InvalidInputException("GRACE state tensor 'labels' has shape " + labels.getShape()
                    + ", expected (" + n + ", answer length)");
        }
        int width = (int) labels.getShape().get(1);
        int[] flatLabels = labels.toIntArray();
        List<int[]> labelRows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] row = Arrays.stream(flatLabels, i * width, (i + 1) * width).filter(t -> t >= 0).toArray();
            if (row.length == 0 || Arrays.stream(row).anyMatch(t -> t >= vocab)) {
                throw new InvalidInputException("GRACE state tensor 'labels' row " + i + " is "
                        + Arrays.toString(row) + ", expected token ids from 0 to " + (vocab - 1));
            }
            labelRows.add(row);
        }
        float[] means = new float[(int) n];
        if (tensors.containsKey("label_means")) {           // absent in edits saved before EasyEdit's labels were kept
            NDArray saved = require(tensors, "label_means", DataType.FLOAT32);
            requireShape("label_means", saved, new Shape(n), "(entries)");
            means = saved.toFloatArray();
        } else {
            Arrays.fill(means, Float.NaN);                   // matches no label: such an entry never takes a new edit
        }
        double[] r = radii.toDoubleArray();
        for (int i = 0; i < n; i++) {
            if (!(r[i] >= 0) || Double.isInfinite(r[i])) {
                throw new InvalidInputException("GRACE state tensor 'radii' entry " + i + " is " + r[i]
                        + ", expected a finite radius >= 0");
            }
        }
        return new Codebook(rows(keys), rows(values), r, labelRows, means);
    }

    private static void requireShape(String name, NDArray array, Shape expected, String meaning) {
        if (expected.get(0) < 0 || !array.getShape().equals(expected)) {
            throw new InvalidInputException("GRACE state tensor '" + name + "' has shape " + array.getShape()
                    + ", expected " + (expected.get(0) < 0 ? "a matrix" : expected.toString()) + " " + meaning);
        }
    }

    private static NDArray require(Map<String, NDArray> tensors, String name, DataType type) {
        NDArray array = tensors.get(name);
        if (array == null || array.getDataType() != type) {
            throw new InvalidInputException("GRACE state tensor '" + name + "' is "
                    + (array == null ? "missing" : array.getDataType()) + ", expected " + type);
        }
        return array;
    }

    static NDArray matrix(NDManager manager, List<float[]> rows) {
        int width = rows.get(0).length;
        float[] flat = new float[rows.size() * width];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, flat, i * width, width);
        }
        return manager.create(flat, new Shape(rows.size(), width));
    }

    private static List<float[]> rows(NDArray matrix) {
        int width = (int) matrix.getShape().get(1);
        float[] flat = matrix.toFloatArray();
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < matrix.getShape().get(0); i++) {
            rows.add(Arrays.copyOfRange(flat, i * width, (i + 1) * width));
        }
        return rows;
    }
}
