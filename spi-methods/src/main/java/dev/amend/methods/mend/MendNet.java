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
 * MEND's gradient transform (Mitchell et al., 2022), one network per edited weight: the token's gradient factors
 * {@code x = [u; δ]} are normalised by running statistics, mapped by two identity-initialised low-rank residual layers
 * ({@code x + relu(x·a1 + c1)·b1}, then {@code y + (y·a2)·b2 + c2}, {@code b} zero at first) and split back into
 * {@code ũ, δ̃}; the weight's update is {@code −lr · Σ_t δ̃_t ũ_tᵀ} with a learned step size per weight. Its tensors
 * (named {@code <site>.<part>}, plus {@code lr}) are what the trainer learns and the archive holds.
 */
public final class MendNet {

    /** The parts of each site's transform learnt by gradient. */
    private static final String TRAINED = "a1 c1 b1 a2 b2 c2";

    private final Map<String, NDArray> tensors;
    private final int sites;

    private MendNet(Map<String, NDArray> tensors, int sites) {
        this.tensors = tensors;
        this.sites = sites;
    }

    /**
     * A fresh network for weights of the given {@code [out, in]} shapes: {@code a} drawn from N(0, 1/d) with a seeded
     * {@link Random}, everything else zero, every step size {@code editLr}.
     */
    public static MendNet initial(NDManager manager, long[][] shapes, int rank, double editLr, long seed) {
        Random random = new Random(seed);
        Map<String, NDArray> t = new LinkedHashMap<>();
        for (int i = 0; i < shapes.length; i++) {
            int d = (int) (shapes[i][0] + shapes[i][1]);
            t.put(i + ".a1", gaussian(manager, random, d, rank));
            t.put(i + ".c1", manager.zeros(new Shape(rank)));
            t.put(i + ".b1", manager.zeros(new Shape(rank, d)));
            t.put(i + ".a2", gaussian(manager, random, d, rank));
            t.put(i + ".b2", manager.zeros(new Shape(rank, d)));
            t.put(i + ".c2", manager.zeros(new Shape(d)));
            t.put(i + ".mean", manager.zeros(new Shape(d)));
            t.put(i + ".m2", manager.zeros(new Shape(d)));
            t.put(i + ".count", manager.zeros(new Shape(1)));
        }
        float[] lr = new float[shapes.length];
        java.util.Arrays.fill(lr, (float) editLr);
        t.put("lr", manager.create(lr));
        return new MendNet(t, shapes.length);
    }

    private static NDArray gaussian(NDManager manager, Random random, int d, int rank) {
        float[] values = new float[d * rank];
        double scale = 1.0 / Math.sqrt(d);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return manager.create(values, new Shape(d, rank));
    }

    /**
     * A network from saved tensors, checked against the {@code [out, in]} shapes of the weights it will edit.
     *
     * @param source what the tensors came from, for messages
     * @throws InvalidInputException naming the tensor that is missing or of the wrong shape
     */
    public static MendNet of(Map<String, NDArray> tensors, long[][] shapes, String source) {
        for (int i = 0; i < shapes.length; i++) {
            long d = shapes[i][0] + shapes[i][1];
            for (String part : new String[] {"a1", "b1", "a2", "b2", "c2", "mean", "m2", "c1", "count"}) {
                NDArray a = tensors.get(i + "." + part);
                if (a == null) {
                    throw new InvalidInputException(source + ": tensor " + i + "." + part + " is missing");
                }
                long first = a.getShape().get(0);
                boolean ok = switch (part) {
                    case "a1", "a2", "c2", "mean", "m2" -> first == d;
                    case "b1", "b2" -> a.getShape().get(1) == d;
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
            for (String part : TRAINED.split(" ")) {
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
     * {@code (−lr·δ̃, ũ)} for weight {@code site}: {@code [tokens, out]} and {@code [tokens, in]}, differentiable with
     * respect to this network's tensors. Arrays (and constants) go to {@code u}'s manager.
     */
    public NDArray[] factors(int site, NDArray u, NDArray delta) {
        NDManager m = u.getManager();
        long in = u.getShape().get(1);
        NDArray x = u.concat(delta, 1);
        NDArray count = tensors.get(site + ".count");
        NDArray std = tensors.get(site + ".m2").div(count.sub(m.create(1f)).maximum(m.create(1f))).sqrt();
        NDArray normalized = x.sub(tensors.get(site + ".mean")).div(std.add(m.create(1e-6f)));
        NDArray hidden = Activation.relu(normalized.matMul(p(site, "a1")).add(p(site, "c1")));
        NDArray y = normalized.add(hidden.matMul(p(site, "b1")));
        y = y.add(y.matMul(p(site, "a2")).matMul(p(site, "b2")).add(p(site, "c2")));
        NDArray uTilde = y.get(":, :{}", in);
        NDArray deltaTilde = y.get(":, {}:", in);
        NDArray lr = tensors.get("lr").get(site);
        return new NDArray[] {deltaTilde.mul(lr).neg(), uTilde};
    }

    private NDArray p(int site, String part) {
        return tensors.get(site + "." + part);
    }
}
