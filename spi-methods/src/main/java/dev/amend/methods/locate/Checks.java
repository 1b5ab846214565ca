package dev.amend.methods.locate;

import dev.amend.api.InvalidInputException;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.WeightKind;
import dev.amend.api.model.WeightSite;
import java.util.List;

/** The validation that every locate-then-edit hparams record shares, with EasyEdit's key names in the messages. */
public final class Checks {

    /** The canonical template of the decoder's MLP output projections, which every adapter resolves. */
    public static final String CANONICAL_MLP_OUTPUT = "decoder.{}.mlp_out_proj";

    private Checks() {}

    /** The layers, sorted and without repeats; at least one, none negative. */
    public static List<Integer> layers(List<Integer> layers) {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("layers must list at least one layer");
        }
        List<Integer> sorted = layers.stream().sorted().distinct().toList();
        if (sorted.get(0) < 0) {
            throw new IllegalArgumentException("layers must be >= 0, got " + layers);
        }
        return sorted;
    }

    /** The target optimisation's keys. */
    public static void target(String factToken, int vNumGradSteps, double vLr, double vWeightDecay, double klFactor,
                              double clampNormFactor) {
        FactToken.parse(factToken);
        if (vNumGradSteps <= 0 || vLr <= 0) {
            throw new IllegalArgumentException("v_num_grad_steps and v_lr must be > 0");
        }
        if (vWeightDecay < 0 || klFactor < 0 || clampNormFactor <= 0) {
            throw new IllegalArgumentException("v_weight_decay and kl_factor must be >= 0, clamp_norm_factor > 0");
        }
    }

    /** A module template with {@code {}} for the layer. */
    public static void moduleTemplate(String rewriteModuleTmp) {
        if (rewriteModuleTmp == null || !rewriteModuleTmp.contains("{}")) {
            throw new IllegalArgumentException("rewrite_module_tmp must be a module template with {} for the layer, got "
                    + rewriteModuleTmp);
        }
    }

    /** The statistics' source, for methods that need it ({@code stats_dir} null: the per-user cache). */
    public static void statistics(String method, String mom2Dataset, String statsDir, int mom2NSamples) {
        if (mom2Dataset == null || mom2Dataset.isBlank() || mom2NSamples <= 0) {
            throw new IllegalArgumentException(method + " needs mom2_dataset and mom2_n_samples > 0");
        }
    }

    /**
     * {@code context_template_length_params}: {@code absent} when the key is missing, else pairs
     * {@code [max_out_len > 0, n_gen >= 0]}, copied.
     */
    public static List<List<Integer>> lengthParams(List<List<Integer>> params, List<List<Integer>> absent) {
        if (params == null) {
            return absent;
        }
        for (List<Integer> pair : params) {
            if (pair == null || pair.size() != 2 || pair.get(0) == null || pair.get(1) == null || pair.get(0) <= 0
                    || pair.get(1) < 0) {
                throw new IllegalArgumentException("context_template_length_params entries must be [max_out_len, "
                        + "n_gen] with max_out_len > 0 and n_gen >= 0, got " + pair);
            }
        }
        return params.stream().map(List::copyOf).toList();
    }

    /** {@code context_template_seeds} (null: EasyEdit's) and {@code context_templates_at} (null: prompt). */
    public static void contexts(List<String> seeds, String at) {
        if (seeds != null && (seeds.isEmpty() || seeds.stream().anyMatch(w -> w == null || w.isBlank()))) {
            throw new IllegalArgumentException("context_template_seeds must be non-blank words, got " + seeds);
        }
        if (at != null && !at.equals(ContextTemplates.AT_PROMPT) && !at.equals(ContextTemplates.AT_SUBJECT)) {
            throw new IllegalArgumentException("context_templates_at must be '" + ContextTemplates.AT_PROMPT + "' or '"
                    + ContextTemplates.AT_SUBJECT + "', got '" + at + "'");
        }
    }

    /**
     * The MLP output projection that {@code rewrite_module_tmp} names at {@code layer}: the matrix whose inputs are
     * the keys locate-then-edit methods solve for.
     *
     * @throws InvalidInputException when the layer does not exist or the module is another matrix
     */
    public static WeightSite mlpOutput(LanguageModel model, String rewriteModuleTmp, int layer, String method) {
        requireLayer(model, layer);
        WeightSite site = site(model, rewriteModuleTmp, layer);
        if (site.kind() != WeightKind.MLP_OUT_PROJ) {
            throw new InvalidInputException("rewrite_module_tmp '" + rewriteModuleTmp + "' names " + site + ", but "
                    + method + " edits MLP output projections (whose inputs are the keys it solves for)");
        }
        return site;
    }

    /**
     * The site a module template names at {@code layer}: a canonical site template such as
     * {@value #CANONICAL_MLP_OUTPUT} (which every adapter has: the defaults name it), else the model's own module
     * name, such as EasyEdit's {@code transformer.h.{}.mlp.c_proj}, resolved by its adapter.
     *
     * @throws InvalidInputException when the model has no such weight
     */
    public static WeightSite site(LanguageModel model, String moduleTmp, int layer) {
        String module = moduleTmp.replace("{}", Integer.toString(layer));
        WeightSite canonical;
        try {
            canonical = WeightSite.parse(module);
        } catch (IllegalArgumentException notCanonical) {
            return model.weights().resolveModule(moduleTmp, layer);
        }
        if (!model.weights().sites().contains(canonical)) {
            throw new InvalidInputException("this model has no weight site " + canonical);
        }
        return canonical;
    }

    /**
     * The decoder MLP output projection that an {@code inner_params} entry names (GRACE, WISE: its input and output
     * are the hook points they act at).
     *
     * @throws InvalidInputException when it names another weight
     */
    public static WeightSite innerMlpOutput(LanguageModel model, String innerParam, String method) {
        WeightSite site = model.weights().resolveParameter(innerParam);
        if (site.kind() != WeightKind.MLP_OUT_PROJ || site.stack() != dev.amend.api.model.Stack.DECODER) {
            throw new InvalidInputException("inner_params " + innerParam + " is " + site + ": " + method + " acts at"
                    + " an MLP output projection (its input and output are hook points); name one such as"
                    + " transformer.h[3].mlp.c_proj.weight");
        }
        return site;
    }

    /**
     * @throws InvalidInputException when {@code layer} is not one of the model's (decoder) layers
     */
    public static void requireLayer(LanguageModel model, int layer) {
        if (layer < 0 || layer >= model.spec().numLayers()) {
            throw new InvalidInputException("layer " + layer + " does not exist: the model has "
                    + model.spec().numLayers() + " layers");
        }
    }
}
