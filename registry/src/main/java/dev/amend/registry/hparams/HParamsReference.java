package dev.amend.registry.hparams;

import com.fasterxml.jackson.databind.JsonNode;
import dev.amend.api.HParam;
import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;
import dev.amend.api.NamedProvider;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The documentation of a provider's hparams, read from its record: each key's name as files spell it, its type, its
 * default, its meaning and EasyEdit key ({@link HParam}). The generated hparams reference and the contract tests'
 * check that every key is documented both go through here, so the two cannot disagree.
 */
public final class HParamsReference {

    /** One documented key. {@code easyEdit} is the EasyEdit spelling, empty for a key of Amend's own. */
    public record Key(String name, String type, Optional<String> defaultValue, String meaning, String easyEdit) {}

    private final HParamsCodec codec;

    public HParamsReference(HParamsCodec codec) {
        this.codec = codec;
    }

    /**
     * The keys of {@code provider}'s record, in the record's order.
     *
     * @throws IllegalStateException naming every component without an {@link HParam} (or with an empty meaning)
     */
    public List<Key> keys(NamedProvider<?, ?> provider) {
        Class<? extends HParams> type = provider.hparamsType();
        if (!type.isRecord()) {
            throw new IllegalStateException(type.getName() + " (hparams of " + provider.name() + ") is not a record");
        }
        Map<String, String> fileNames = codec.keysByComponent(type);
        Optional<JsonNode> defaults = codec.defaults(provider).map(h -> codec.toTree((HParams) h));
        List<Key> keys = new ArrayList<>();
        List<String> undocumented = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            String name = fileNames.getOrDefault(component.getName(), component.getName());
            HParam doc = component.getAnnotation(HParam.class);
            if (doc == null || doc.value().isBlank()) {
                undocumented.add(name);
                continue;
            }
            String easyEdit = doc.easyEdit().equals(HParam.SAME_KEY) ? name : doc.easyEdit();
            Optional<String> defaultValue = defaults.map(d -> d.has(name) ? d.get(name).toString() : "null");
            String typeName = doc.type().isBlank() ? typeName(component.getGenericType()) : doc.type();
            keys.add(new Key(name, typeName, defaultValue, doc.value().strip(), easyEdit));
        }
        if (!undocumented.isEmpty()) {
            throw new IllegalStateException(type.getName() + " (hparams of " + provider.name() + "): keys without an @"
                    + HParam.class.getSimpleName() + " saying what they mean: " + undocumented);
        }
        return keys;
    }

    /** EasyEdit keys the record accepts and ignores ({@link IgnoredKeys}), sorted. */
    public static List<String> ignoredKeys(NamedProvider<?, ?> provider) {
        IgnoredKeys ignored = provider.hparamsType().getAnnotation(IgnoredKeys.class);
        return ignored == null ? List.of() : Arrays.stream(ignored.value()).sorted().toList();
    }

    /**
     * A Markdown section for each provider that takes hparams: its description, presets, a table of its keys and
     * the EasyEdit keys it ignores. Providers whose record has no components (no hparams) are left out.
     */
    public String markdown(List<? extends NamedProvider<?, ?>> providers) {
        StringBuilder md = new StringBuilder();
        for (NamedProvider<?, ?> provider : providers) {
            if (provider.hparamsType().getRecordComponents() == null
                    || provider.hparamsType().getRecordComponents().length == 0) {
                continue;
            }
            md.append("### `").append(provider.name()).append("`\n\n").append(provider.description()).append("\n\n");
            md.append("Record `").append(provider.hparamsType().getName()).append('`');
            List<String> presets = Presets.names(provider);
            if (!presets.isEmpty()) {
                md.append("; presets ").append(presets.stream().map(p -> "`" + p + "`")
                        .collect(Collectors.joining(", ")));
            }
            if (codec.defaults(provider).isEmpty()) {
                md.append("; no defaults: a file or a preset must give every key");
            }
            md.append(".\n\n| key | type | default | EasyEdit key | meaning |\n|---|---|---|---|---|\n");
            for (Key key : keys(provider)) {
                md.append("| `").append(key.name()).append("` | ").append(key.type()).append(" | ")
                        .append(key.defaultValue().map(v -> "`" + v + "`").orElse("—")).append(" | ")
                        .append(easyEditCell(key))
                        .append(" | ").append(cell(key.meaning())).append(" |\n");
            }
            List<String> ignored = ignoredKeys(provider);
            if (!ignored.isEmpty()) {
                md.append("\nAccepted and ignored (EasyEdit keys that mean nothing here): ")
                        .append(ignored.stream().map(k -> "`" + k + "`").collect(Collectors.joining(", ")))
                        .append(".\n");
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String easyEditCell(Key key) {
        if (key.easyEdit().isEmpty()) {
            return "(Amend's own)";
        }
        return key.easyEdit().equals(key.name()) ? "same" : "`" + key.easyEdit() + "`";
    }

    /** A reader's name for a component's type: integer, number, boolean, string, path, list of ..., map of .... */
    static String typeName(Type type) {
        if (type instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments();
            Class<?> raw = (Class<?>) p.getRawType();
            if (List.class.isAssignableFrom(raw) || java.util.Set.class.isAssignableFrom(raw)) {
                return "list of " + typeName(args[0]);
            }
            if (Map.class.isAssignableFrom(raw)) {
                return "map of " + typeName(args[0]) + " to " + typeName(args[1]);
            }
            return raw.getSimpleName();
        }
        if (type instanceof Class<?> c) {
            if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
                return "integer";
            }
            if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
                return "number";
            }
            if (c == boolean.class || c == Boolean.class) {
                return "boolean";
            }
            if (c == String.class) {
                return "string";
            }
            if (c == Path.class) {
                return "path";
            }
            if (c.isEnum()) {
                return "one of " + Arrays.stream(c.getEnumConstants()).map(e -> "`" + e + "`")
                        .collect(Collectors.joining(", "));
            }
            return c.getSimpleName();
        }
        return type.getTypeName();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace("\n", " ");
    }
}
