package dev.amend.methods.mend;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.amend.api.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * MEND's gradient transform (Mitchell et al., 2022), one network per edited weight, in one of two forms that an
 * archive's tensor names tell apart:
 * <ul>
 *   <li>EasyEdit's ({@code trainer/algs/MEND.py:GradientTransform} with {@code combine}, {@code norm}, {@code IDMLP},
 *   {@code n_hidden: 1}, {@code init: id}; what {@link #initial} makes): the token's gradient factors
 *   {@code x = [u; δ]} are normalised by running statistics, {@code (x − mean) / (std + 1e-7)}, then pass two layers
 *   {@code x + relu(x·Vᵀ·Uᵀ + b)} ({@code local_nn.py:LRLinear}: U zero and V standard normal at first, so the network
 *   starts as the identity); tokens whose {@code u} or {@code δ} is all zero add nothing (EasyEdit's
 *   {@code nz_mask}); the weight changes by {@code +lr · Σ_t δ̃_t ũ_tᵀ} (EasyEdit adds {@code edit_lrs[i] · g}: the
 *   network learns the descent direction). Tensors {@code <site>.l0.u}, {@code .l0.v}, {@code .l0.bias}, {@code .l1.*}.</li>
 *   <li>Amend's earlier form (archives trained before, such as the toy model's): {@code x + relu(x·a1 + c1)·b1}, then
 *   {@code y + (y·a2)·b2 + c2}, normalised with {@code + 1e-6}, and the weight changes by {@code −lr · Σ_t δ̃_t ũ_tᵀ}.
 *   Tensors {@code <site>.a1 c1 b1 a2 b2 c2}. Read, and trained on when resumed, never made new.</li>
 * </ul>
 * Both keep the running statistics as {@code <site>.mean}, {@code .m2}, {@code .count} (per token, Welford's) and one
 * step size per weight, {@code lr} (EasyEdit's {@code edit_lrs}). Its tensors are what the trainer learns and the
 * archive holds.
 */
public final class MendNet {

    /** The parts of each site's transform learnt by gradient, EasyEdit's form. */
    private static final String TRAINED = "l0.u l0.v l0.bias l1.u l1.v l1.bias";
    /** The same, Amend's earlier form. */
    private static final String TRAINED_EARLIER = "a1 c1 b1 a2 b2 c2";

    private final Map<String, NDArray> tensors;
    private final int sites;

    private MendNet(Map<String, NDArray> tensors, int sites) {
        this.tensors = tensors;
        this.sites = sites;
    }

    /**
     * A fresh network, EasyEdit's form, for weights of the given {@code [out, in]} shapes: each layer's {@code U}
     * {@code [d, r]} zero, {@code V} {@code [r, d]} drawn from N(0, 1) with a seeded {@link Random} ({@code r} the
     * smaller of {@code rank} and {@code d = out + in}), bias zero; every step size {@code editLr}.
     */
    public static MendNet initial(NDManager manager, long[][] shapes, int rank, double editLr, long seed) {
        Random random = new Random(seed);
        Map<String, NDArray> t = new LinkedHashMap<>();
        for (int i = 0; i < shapes.length; i++) {
            int d = (int) (shapes[i][0] + shapes[i][1]);
            int r = Math.min(rank, d);
            for (String layer : new String[] {"l0", "l1"}) {
                t.put(i + "." + layer + ".u", manager.zeros(new Shape(d, r)));
                t.put(i + "." + layer + ".v", gaussian(manager, random, r, d));
                t.put(i + "." + layer + ".bias", manager.zeros(new Shape(d)));
            }
            t.put(i + ".mean", manager.zeros(new Shape(d)));
            t.put(i + ".m2", manager.zeros(new Shape(d)));
            t.put(i + ".count", manager.zeros(new Shape(1)));
        }
        float[] lr = new float[shapes.length];
        java.util.Arrays.fill(lr, (float) editLr);
        t.put("lr", manager.create(lr));
        return new MendNet(t, shapes.length);
    }

    private static NDArray gaussian(NDManager manager, Random random, int rows, int columns) {
        float[] values = new float[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return manager.create(values, new Shape(rows, columns));
    }

    /**
     * A network from saved tensors, checked against the {@code [out, in]} shapes of the weights it will edit.
     *
     * @param source what the tensors came from, for messages
     * @throws InvalidInputException naming the tensor that is missing or of the wrong shape
     */
    public static MendNet of(Map<String, NDArray> tensors, long[][] shapes, String source) {
        boolean earlier = tensors.containsKey("0.a1");
        String[] parts = earlier ? new String[] {"a1", "b1", "a2", "b2", "c2", "mean", "m2", "c1", "count"}
                : new String[] {"l0.u", "l0.v", "l0.bias", "l1.u", "l1.v", "l1.bias", "mean", "m2", "count"};
        for (int i = 0; i < shapes.length; i++) {
            long d = shapes[i][0] + shapes[i][1];
            for (String part : parts) {
                NDArray a = tensors.get(i + "." + part);
                if (a == null) {
                    throw new InvalidInputException(source + ": tensor " + i + "." + part + " is missing");
                }
                long first = a.getShape().get(0);
                boolean ok = switch (part) {
                    case "a1", "a2", "c2", "mean", "m2", "l0.u", "l1.u", "l0.bias", "l1.bias" -> first == d;
                    case "b1", "b2", "l0.v", "l1.v" -> a.getShape().get(1) == d;
                    default -> true;
                };
                if (!ok) {
                    throw new InvalidInputException(source + ": tensor " + i + "." + part + " has shape " + a.getShape()
                            + ", but the weight it edits is " + shapes[i][0] + " × " + shapes[i][1]
                            + ": the archive was trained for another model");
                }
            }
        }
        NDArray lr = tensors.get("lr");
        if (lr == null || lr.size() != shapes.length) {
            throw new InvalidInputException(source + ": tensor lr must hold one step size per edited weight ("
                    + shapes.length + ")");
        }
        return new MendNet(tensors, shapes.length);
    }

    /** Every tensor, by name (what a checkpoint or archive saves). */
    public Map<String, NDArray> tensors() {
        return tensors;
    }

    /** The tensors learnt by gradient, except the step sizes. */
    public Map<String, NDArray> transform() {
        Map<String, NDArray> t = new LinkedHashMap<>();
        for (int i = 0; i < sites; i++) {
            for (String part : (earlier() ? TRAINED_EARLIER : TRAINED).split(" ")) {
                t.put(i + "." + part, tensors.get(i + "." + part));
            }
        }
        return t;
    }

    /** The learnt step sizes, one per edited weight. */
    public Map<String, NDArray> stepSizes() {
        return Map.of("lr", tensors.get("lr"));
    }

    /** Folds a batch of factors into the running statistics of weight {@code site} (outside any gradient). */
    public void observe(int site, NDArray u, NDArray delta) {
        NDManager m = u.getManager();
        NDArray x = u.concat(delta, 1);
        if (!earlier()) {
            x = x.get(nonZero(u, delta).toType(ai.djl.ndarray.types.DataType.BOOLEAN, false));
            if (x.getShape().get(0) == 0) {
                return;
            }
        }
        long n = x.getShape().get(0);
        NDArray count = tensors.get(site + ".count");
        NDArray mean = tensors.get(site + ".mean");
        NDArray m2 = tensors.get(site + ".m2");
        float before = count.getFloat(0);
        float total = before + n;
        NDArray batchMean = x.mean(new int[] {0});
        NDArray batchM2 = x.sub(batchMean).square().sum(new int[] {0});
        NDArray shift = batchMean.sub(mean);
        mean.addi(shift.mul(m.create(n / total)));
        m2.addi(batchM2.add(shift.square().mul(m.create(before * n / total))));
        count.set(new float[] {total});
    }

    /**
     * {@code (±lr·δ̃, ũ)} for weight {@code site}: {@code [tokens, out]} and {@code [tokens, in]}, such that the weight's
     * update is {@code Σ_t} of their outer products ({@code +} in EasyEdit's form, {@code −} in the earlier one),
     * differentiable with respect to this network's tensors. Arrays (and constants) go to {@code u}'s manager.
     */
    public NDArray[] factors(int site, NDArray u, NDArray delta) {
        NDManager m = u.getManager();
        long in = u.getShape().get(1);
        NDArray x = u.concat(delta, 1);
        NDArray count = tensors.get(site + ".count");
        NDArray std = tensors.get(site + ".m2").div(count.sub(m.create(1f)).maximum(m.create(1f))).sqrt();
        NDArray lr = tensors.get("lr").get(site);
        if (earlier()) {
            NDArray normalized = x.sub(tensors.get(site + ".mean")).div(std.add(m.create(1e-6f)));
            NDArray hidden = Activation.relu(normalized.matMul(p(site, "a1")).add(p(site, "c1")));
            NDArray y = normalized.add(hidden.matMul(p(site, "b1")));
            y = y.add(y.matMul(p(site, "a2")).matMul(p(site, "b2")).add(p(site, "c2")));
            return new NDArray[] {y.get(":, {}:", in).mul(lr).neg(), y.get(":, :{}", in)};
        }
        NDArray y = x.sub(tensors.get(site + ".mean")).div(std.add(m.create(1e-7f)));
        for (String layer : new String[] {"l0", "l1"}) {
            NDArray pre = y.matMul(p(site, layer + ".v").transpose()).matMul(p(site, layer + ".u").transpose())
                    .add(p(site, layer + ".bias"));
            y = y.add(Activation.relu(pre));
        }
        NDArray kept = nonZero(u, delta).expandDims(1);
        return new NDArray[] {y.get(":, {}:", in).mul(kept).mul(lr), y.get(":, :{}", in)};
    }

    /** {@code [tokens]}: 1 where neither the token's {@code u} nor its {@code δ} is all zero (EasyEdit's nz_mask). */
    private static NDArray nonZero(NDArray u, NDArray delta) {
        NDManager m = u.getManager();
        NDArray uAny = u.abs().max(new int[] {1}).gt(m.create(0f));
        NDArray dAny = delta.abs().max(new int[] {1}).gt(m.create(0f));
        return uAny.logicalAnd(dAny).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
    }

    /** Whether the tensors are Amend's earlier form. */
    private boolean earlier() {
        return tensors.containsKey("0.a1");
    }

    private NDArray p(int site, String part) {
        return tensors.get(site + "." + part);
    }
}
