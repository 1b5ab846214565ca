package dev.amend.trainers.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.amend.toolkit.io.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (decoupled weight decay, on matrices only) after global gradient-norm clipping, updating parameters in place
 * outside gradient recording. Its state, the first and second moments ({@code m.<name>}, {@code v.<name>}), is a plain
 * map of arrays so that it goes into a checkpoint as it is.
 *
 * @param beta1       first-moment decay
 * @param beta2       second-moment decay
 * @param weightDecay decoupled decay of 2-D parameters, per unit of learning rate
 * @param clipNorm    the global gradient norm is scaled down to at most this
 */
public record AdamW(double beta1, double beta2, double weightDecay, double clipNorm) {

    private static final double EPSILON = 1e-8;

    /** The moments for {@code params}: read from {@code file} when it exists (a resumed run), zeros otherwise. */
    public static Map<String, NDArray> moments(Path file, Map<String, NDArray> params, NDManager manager)
            throws IOException {
        if (Files.exists(file)) {
            return Safetensors.read(file, manager);
        }
        Map<String, NDArray> moments = new LinkedHashMap<>();
        params.forEach((name, p) -> {
            moments.put("m." + name, manager.zeros(p.getShape()));
            moments.put("v." + name, manager.zeros(p.getShape()));
        });
        return moments;
    }

    /** One step ({@code step} counts from 1) at learning rate {@code lr}, from the parameters' gradients. */
    public void update(Map<String, NDArray> params, Map<String, NDArray> moments, int step, double lr) {
        Map<String, NDArray> gradients = new LinkedHashMap<>();
        double squared = 0;
        for (Map.Entry<String, NDArray> p : params.entrySet()) {
            NDArray g = p.getValue().getGradient();
            gradients.put(p.getKey(), g);
            squared += g.mul(g).sum().getFloat();
        }
        double norm = Math.sqrt(squared);
        double scale = Math.min(1.0, clipNorm / (norm + 1e-6));
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        for (Map.Entry<String, NDArray> p : params.entrySet()) {
            NDArray value = p.getValue();
            NDArray g = gradients.get(p.getKey()).mul(scale);
            NDArray first = moments.get("m." + p.getKey());
            NDArray second = moments.get("v." + p.getKey());
            first.muli(beta1).addi(g.mul(1 - beta1));
            second.muli(beta2).addi(g.mul(g).muli(1 - beta2));
            if (value.getShape().dimension() == 2 && weightDecay > 0) {
                value.muli(1 - lr * weightDecay);
            }
            value.subi(first.div(correction1).div(second.div(correction2).sqrt().add(EPSILON)).mul(lr));
        }
    }
}
