package dev.amend.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.amend.api.NamedProvider;
import dev.amend.api.ProviderKind;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.metric.MetricProvider;
import dev.amend.api.model.ModelAdapterProvider;
import dev.amend.api.train.TrainerProvider;
import dev.amend.cli.PluginsOption;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.discovery.BrokenPlugin;
import dev.amend.registry.discovery.Discovered;
import dev.amend.registry.discovery.ProviderCatalog;
import dev.amend.registry.hparams.Presets;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code amend list}: every provider found, by kind, with what it declares and where it came from. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the editing methods, model adapters, metrics and trainers found, with their origin.")
public final class ListCommand implements Runnable {

    @Inject
    Provider<AmendRuntime> runtime;

    @Mixin
    PluginsOption plugins;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        ProviderCatalog catalog = runtime.get().catalog();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(catalog));
        } else {
            printText(catalog, out);
        }
        out.flush();
    }

    private static void printText(ProviderCatalog catalog, PrintWriter out) {
        for (ProviderKind kind : ProviderKind.values()) {
            List<Discovered> providers = catalog.providers(kind);
            out.printf("%s (%d)%n", capitalized(kind.label()) + "s", providers.size());
            if (providers.isEmpty()) {
                out.println("  (none)");
            }
            int width = providers.stream().mapToInt(d -> d.name().length()).max().orElse(0);
            String indent = " ".repeat(width + 4);
            for (Discovered d : providers) {
                out.printf("  %-" + width + "s  %s%n", d.name(), d.provider().description());
                details(d.provider()).forEach((key, value) -> out.println(indent + key + ": " + value));
                out.println(indent + "from: " + d.origin() + (d.plugin() ? " (plugin)" : ""));
            }
            out.println();
        }
        if (!catalog.broken().isEmpty()) {
            out.printf("Broken plugins (%d)%n", catalog.broken().size());
            for (BrokenPlugin b : catalog.broken()) {
                out.println("  " + b.origin());
                out.println("    " + b.problem());
            }
        }
    }

    private static String toJson(ProviderCatalog catalog) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        for (ProviderKind kind : ProviderKind.values()) {
            ArrayNode list = root.putArray(kind.name().toLowerCase(Locale.ROOT) + "s");
            for (Discovered d : catalog.providers(kind)) {
                ObjectNode node = list.addObject();
                node.put("name", d.name());
                node.put("description", d.provider().description());
                node.put("origin", d.origin());
                node.put("plugin", d.plugin());
                details(d.provider()).forEach(node::put);
            }
        }
        ArrayNode broken = root.putArray("broken");
        catalog.broken().forEach(b -> broken.addObject().put("origin", b.origin()).put("problem", b.problem()));
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What each kind declares about itself, and the presets it ships, as sorted, comma-separated lists. */
    private static Map<String, String> details(NamedProvider<?, ?> provider) {
        Map<String, String> details = new LinkedHashMap<>();
        if (provider instanceof EditMethodProvider<?> method) {
            details.put("capabilities", sorted(method.capabilities().features()));
            details.put("architectures", sorted(method.capabilities().architectures()));
        } else if (provider instanceof ModelAdapterProvider<?> adapter) {
            details.put("model_types", sorted(adapter.modelTypes()));
        } else if (provider instanceof MetricProvider<?> metric) {
            details.put("measured", metric.onByDefault() ? "by default" : "when named (--metrics, a study's metrics)");
        } else if (provider instanceof TrainerProvider<?> trainer) {
            details.put("serves_methods", sorted(trainer.servesMethods()));
        }
        List<String> presets = Presets.names(provider);
        if (!presets.isEmpty()) {
            details.put("presets", String.join(", ", presets));
        }
        return details;
    }

    private static String sorted(java.util.Collection<?> values) {
        TreeSet<String> names = new TreeSet<>();
        values.forEach(v -> names.add(v.toString()));
        return String.join(", ", names);
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
