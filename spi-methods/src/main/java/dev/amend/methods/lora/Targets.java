package dev.amend.methods.lora;

import dev.amend.api.InvalidInputException;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.Stack;
import dev.amend.api.model.WeightKind;
import dev.amend.api.model.WeightSite;
import dev.amend.api.model.Weights;
import dev.amend.methods.locate.Checks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which modules get adapters: {@code target_modules} and {@code layers} read as peft reads them (a module matches a
 * key when its name is the key or ends with {@code "." + key}, peft's {@code check_target_module_exists}; {@code
 * layers} is {@code layers_to_transform}), plus Amend's templates ({@code transformer.h.{}.mlp.c_proj}) and canonical
 * weight kinds ({@code attn_v}). One adapter per module, as peft makes one per {@code nn.Linear}/{@code Conv1D}: a
 * fused module such as GPT-2's {@code c_attn} is one adapter over its query, key and value sites together.
 */
final class Targets {

    private Targets() {}

    /**
     * One adapted module: its name (the HF module, or the canonical site for a kind key), its layer, and the weight
     * sites it holds in the order of its output rows (query, key, value for a fused projection).
     *
     * @param name  the module's name, such as {@code transformer.h.0.attn.c_attn} or {@code decoder.0.attn_v}
     * @param layer its block
     * @param sites the canonical sites its output rows make up, each {@code out_i × in}
     * @param outs  each site's rows {@code out_i}
     * @param in    the module's input width
     */
    record Module(String name, int layer, List<WeightSite> sites, List<Long> outs, long in) {

        Module {
            sites = List.copyOf(sites);
            outs = List.copyOf(outs);
        }

        /** {@return the module's output width, its sites' rows together} */
        long out() {
            return outs.stream().mapToLong(Long::longValue).sum();
        }

        /**
         * {@return whether the adapter can ride on hooks: a lone MLP output projection, whose input ({@code MLP_KEY})
         * and output ({@code MLP_OUT}) are hook points; every other module is trained through its weight}
         */
        boolean hooked() {
            return sites.size() == 1 && sites.get(0).kind() == WeightKind.MLP_OUT_PROJ;
        }
    }

    /** {@return the modules {@code h} names on {@code model}, by layer then name, each once} */
    static List<Module> resolve(LanguageModel model, LoraHParams h) {
        Weights weights = model.weights();
        List<Integer> layers = new ArrayList<>(h.layers());
        layers.forEach(layer -> Checks.requireLayer(model, layer));
        if (layers.isEmpty()) {
            for (int layer = 0; layer < model.spec().numLayers(); layer++) {
                layers.add(layer);
            }
        }
        Map<String, Module> modules = new LinkedHashMap<>();
        for (String key : h.targetModules()) {
            boolean found = false;
            WeightKind kind = kind(key);
            for (WeightSite site : weights.sites()) {
                if (site.stack() != Stack.DECODER || !site.kind().perLayer() || !layers.contains(site.layer())) {
                    continue;
                }
                if (kind != null) {
                    if (site.kind() == kind) {
                        found = true;
                        String name = site.toString();
                        modules.putIfAbsent(name, module(weights, name, site.layer(), List.of(site)));
                    }
                    continue;
                }
                String module = weights.parameterOf(site).replaceFirst("\\.weight$", "");
                if (key.contains("{}") ? module.equals(normalise(key.replace("{}", Integer.toString(site.layer()))))
                        : module.equals(key) || module.endsWith("." + key)) {
                    found = true;
                    modules.putIfAbsent(module, module(weights, module, site.layer(), sitesOf(weights, module)));
                }
            }
            if (!found) {
                throw new InvalidInputException("target module '" + key + "' matches no weight of this model in"
                        + " layers " + layers + " (peft's rule: a module whose name is the key or ends with '.key';"
                        + " or a template with {}, or a canonical kind such as attn_v)");
            }
        }
        return modules.values().stream()
                .sorted(Comparator.comparingInt(Module::layer).thenComparing(Module::name)).toList();
    }

    private static Module module(Weights weights, String name, int layer, List<WeightSite> sites) {
        List<Long> outs = sites.stream().map(s -> weights.shape(s).get(0)).toList();
        return new Module(name, layer, sites, outs, weights.shape(sites.get(0)).get(1));
    }

    /** The sites stored in {@code module}'s weight, in the order of the kinds (q, k, v for a fused projection). */
    private static List<WeightSite> sitesOf(Weights weights, String module) {
        String parameter = module + ".weight";
        return weights.sites().stream().filter(s -> weights.parameterOf(s).equals(parameter))
                .sorted(Comparator.comparingInt((WeightSite s) -> s.kind().ordinal())).toList();
    }

    /** {@code model.layers[3].mlp} as {@code model.layers.3.mlp}, without a trailing {@code .weight}. */
    private static String normalise(String module) {
        return module.replaceAll("\\[(\\d+)]", ".$1").replaceFirst("\\.weight$", "");
    }

    /** The canonical per-layer kind a key names ({@code attn_v}), or null. */
    private static WeightKind kind(String key) {
        for (WeightKind kind : WeightKind.values()) {
            if (kind.perLayer() && kind.name().toLowerCase(Locale.ROOT).equals(key)) {
                return kind;
            }
        }
        return null;
    }
}
