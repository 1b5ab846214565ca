package dev.amend.toolkit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.InvalidInputException;
import dev.amend.api.model.WeightSite;
import dev.amend.api.model.Weights;
import dev.amend.toolkit.io.Hashing;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one implementation of {@link Weights} that adapters share: named parameter arrays (the same arrays the
 * forward pass reads) plus, per site, which parameter holds it and how it is stored. Fingerprints are cached per
 * parameter and recomputed only for parameters written since, so that checking a model after an edit costs the
 * edited matrices, not the whole model.
 */
public final class ParameterWeights implements Weights {

    /** How a matrix is laid out in its parameter. */
    public enum Layout {
        /** Stored {@code out × in} (PyTorch's {@code nn.Linear}). */
        OUT_IN,
        /** Stored {@code in × out} (GPT-2's {@code Conv1D}, embeddings seen as {@code hidden × vocab}). */
        IN_OUT
    }

    /**
     * Where a site lives.
     *
     * @param parameter the stored parameter's name
     * @param layout    how it is stored
     * @param outFrom   first canonical row (output unit) of the site within the parameter
     * @param outTo     one past the last canonical row, or -1 for all rows (fused matrices such as GPT-2's
     *                  {@code c_attn} hold q, k and v as three row ranges)
     */
    public record Binding(String parameter, Layout layout, int outFrom, int outTo) {
        /**
         * Checks that parameter and layout are given.
         *
         * @param parameter the stored parameter's name
         * @param layout how it is stored
         * @param outFrom first canonical row (output unit) of the site within the parameter
         * @param outTo one past the last canonical row, or -1 for all rows (fused matrices such as GPT-2's {@code
         * c_attn} hold q, k and v as three row ranges)
         */
        public Binding {
            Objects.requireNonNull(parameter, "parameter");
            Objects.requireNonNull(layout, "layout");
        }

        /**
         * {@return the whole parameter}
         *
         * @param parameter the stored tensor's name
         * @param layout how the tensor stores the matrix
         */
        public static Binding whole(String parameter, Layout layout) {
            return new Binding(parameter, layout, 0, -1);
        }
    }

    private final Map<String, NDArray> parameters;
    private final Map<WeightSite, Binding> bindings;
    private final Map<String, byte[]> digests = new HashMap<>();
    private boolean untracked;

    /**
     * @param parameters every stored parameter by name: the live arrays the model computes with
     * @param bindings   the editable sites
     */
    public ParameterWeights(Map<String, NDArray> parameters, Map<WeightSite, Binding> bindings) {
        this.parameters = new LinkedHashMap<>(parameters);
        this.bindings = new LinkedHashMap<>(bindings);
        bindings.forEach((site, b) -> {
            NDArray p = this.parameters.get(b.parameter());
            if (p == null) {
                throw new IllegalArgumentException(site + " is bound to missing parameter " + b.parameter());
            }
            if (p.getShape().dimension() != 2) {
                throw new IllegalArgumentException(site + ": parameter " + b.parameter() + " is not a matrix: "
                        + p.getShape());
            }
        });
    }

    @Override
    public Set<WeightSite> sites() {
        return bindings.keySet();
    }

    @Override
    public Shape shape(WeightSite site) {
        Binding b = binding(site);
        Shape stored = parameters.get(b.parameter()).getShape();
        long out = b.layout() == Layout.OUT_IN ? stored.get(0) : stored.get(1);
        long in = b.layout() == Layout.OUT_IN ? stored.get(1) : stored.get(0);
        return new Shape(b.outTo() < 0 ? out - b.outFrom() : b.outTo() - b.outFrom(), in);
    }

    @Override
    public synchronized NDArray get(WeightSite site, NDManager manager) {
        Binding b = binding(site);
        NDArray stored = parameters.get(b.parameter());
        try (NDManager scratch = stored.getManager().newSubManager()) {
            NDArray view = stored.get(storedIndex(b));
            view.attach(scratch);
            NDArray canonical = b.layout() == Layout.IN_OUT ? view.transpose() : view;
            canonical.attach(scratch);
            // DJL's toType(sameType, copy=true) returns a view, not a copy: duplicate() is the real copy.
            NDArray copy = canonical.getDataType() == DataType.FLOAT32
                    ? canonical.duplicate() : canonical.toType(DataType.FLOAT32, false);
            copy.attach(manager);
            return copy;
        }
    }

    @Override
    public synchronized void set(WeightSite site, NDArray value) {
        write(site, value, false);
    }

    @Override
    public synchronized void add(WeightSite site, NDArray delta) {
        write(site, delta, true);
    }

    private void write(WeightSite site, NDArray value, boolean add) {
        Binding b = binding(site);
        if (!value.getShape().equals(shape(site))) {
            throw new IllegalArgumentException("shape " + value.getShape() + " does not fit " + site + " "
                    + shape(site) + " (out × in)");
        }
        NDArray stored = parameters.get(b.parameter());
        NDIndex index = storedIndex(b);
        try (NDManager scratch = stored.getManager().newSubManager()) {
            NDArray v = value;
            if (value.getDataType() != stored.getDataType()) {
                v = value.toType(stored.getDataType(), false);
                v.attach(scratch);
            }
            NDArray oriented = v;
            if (b.layout() == Layout.IN_OUT) {
                oriented = v.transpose();
                oriented.attach(scratch);
            }
            NDArray next = oriented;
            if (add) {
                NDArray current = stored.get(index);
                current.attach(scratch);
                next = current.add(oriented);
                next.attach(scratch);
            }
            stored.set(index, next);
        }
        digests.remove(b.parameter());
    }

    @Override
    public String parameterOf(WeightSite site) {
        return binding(site).parameter();
    }

    @Override
    public List<String> parameterNames() {
        return new ArrayList<>(parameters.keySet());
    }

    @Override
    public synchronized NDArray parameter(String name, NDManager manager) {
        NDArray stored = parameters.get(name);
        if (stored == null) {
            throw new IllegalArgumentException("this model has no parameter " + name);
        }
        NDArray copy = stored.duplicate();
        copy.attach(manager);
        return copy;
    }

    @Override
    public synchronized Map<String, NDArray> trainableParameters() {
        untracked = true;
        digests.clear();
        return java.util.Collections.unmodifiableMap(parameters);
    }

    @Override
    public synchronized String fingerprint() {
        if (untracked) {
            digests.clear();
        }
        MessageDigest all = Hashing.sha256();
        parameters.keySet().stream().sorted().forEach(name -> {
            all.update(name.getBytes(StandardCharsets.UTF_8));
            all.update(digests.computeIfAbsent(name, n -> digest(n, parameters.get(n))));
        });
        return HexFormat.of().formatHex(all.digest());
    }

    private static byte[] digest(String name, NDArray array) {
        MessageDigest d = Hashing.sha256();
        d.update((name + "|" + array.getDataType() + "|" + array.getShape()).getBytes(StandardCharsets.UTF_8));
        ByteBuffer bytes = array.toByteBuffer();
        d.update(bytes);
        return d.digest();
    }

    @Override
    public WeightSite resolveModule(String template, int layer) {
        return resolveParameter(template.replace("{}", Integer.toString(layer)));
    }

    @Override
    public WeightSite resolveParameter(String name) {
        String module = name.replaceAll("\\[(\\d+)]", ".$1");
        String parameter = module.endsWith(".weight") ? module : module + ".weight";
        List<WeightSite> matches = sites().stream().filter(s -> parameterOf(s).equals(parameter)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            Set<String> known = new TreeSet<>();
            sites().forEach(s -> known.add(parameterOf(s).replaceAll("\\.\\d+\\.", ".{}.")
                    .replaceAll("\\.weight$", "")));
            throw new InvalidInputException("module '" + name + "' is not an editable weight of this model; editable"
                    + " modules: " + known);
        }
        throw new InvalidInputException("module '" + module + "' holds several matrices " + matches
                + "; name the one to edit by its site instead");
    }

    private Binding binding(WeightSite site) {
        Binding b = bindings.get(site);
        if (b == null) {
            throw new IllegalArgumentException("this model has no weight site " + site + "; it has " + bindings.keySet());
        }
        return b;
    }

    private NDIndex storedIndex(Binding b) {
        String rows = b.outTo() < 0 ? b.outFrom() + ":" : b.outFrom() + ":" + b.outTo();
        return b.layout() == Layout.OUT_IN ? new NDIndex(rows + ", :") : new NDIndex(":, " + rows);
    }
}
