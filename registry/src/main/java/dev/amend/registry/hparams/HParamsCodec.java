package dev.amend.registry.hparams;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;
import dev.amend.api.NamedProvider;
import dev.amend.registry.DidYouMean;
import dev.amend.registry.discovery.ProviderNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads and writes hparams records as EasyEdit-style YAML (or JSON, which is YAML too): snake_case keys, unknown
 * keys rejected with the list of valid ones, EasyEdit keys that mean nothing here reported as ignored, values
 * checked by the record, missing keys taken from the provider's defaults.
 *
 * <p>Hostile input is refused with a message naming the file (or {@code --set}) and the key: NaN and infinite numbers
 * in any floating field, however written; files over {@value #MAX_CHARS} characters (EasyEdit's and the shipped files
 * are under 4 KB; a bigger one is a mistake and would take memory and time in proportion); YAML nested deeper than
 * {@value #MAX_DEPTH} levels (hparams nest three at most: a list of lists in a mapping). YAML aliases are not
 * expanded (Jackson reads {@code *a} as the string {@code a}), so an alias bomb cannot grow.
 */
public final class HParamsCodec {

    /** The most characters (and bytes, for files) an hparams text may have: 1 MiB. */
    public static final int MAX_CHARS = 1 << 20;

    /** The deepest nesting of mappings and lists an hparams text may have. */
    public static final int MAX_DEPTH = 16;

    private final ObjectMapper mapper;

    public HParamsCodec() {
        LoaderOptions limits = new LoaderOptions();
        limits.setCodePointLimit(MAX_CHARS);
        limits.setNestingDepthLimit(MAX_DEPTH);
        YAMLFactory yaml = YAMLFactory.builder()
                .loaderOptions(limits)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(MAX_CHARS).maxDocumentLength(MAX_CHARS).build())
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build();
        mapper = new ObjectMapper(yaml)
                .registerModule(FiniteNumbers.module())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    /** The keys a record accepts, as the file spells them. */
    public Set<String> validKeys(Class<? extends HParams> type) {
        return new TreeSet<>(keysByComponent(type).values());
    }

    /** {@return each record component's key, as the file spells it (snake_case, or its {@code @JsonProperty})} */
    public Map<String, String> keysByComponent(Class<? extends HParams> type) {
        JavaType javaType = mapper.constructType(type);
        Map<String, String> keys = new LinkedHashMap<>();
        for (BeanPropertyDefinition p : mapper.getDeserializationConfig().introspect(javaType).findProperties()) {
            keys.put(p.getInternalName(), p.getName());
        }
        return keys;
    }

    /** Reads {@code file} for {@code provider}. */
    public <H extends HParams> LoadedHParams<H> load(NamedProvider<H, ?> provider, Path file) {
        return read(provider, readTree(file), file.toString());
    }

    /** Reads hparams from YAML or JSON text; {@code source} names it in messages. */
    public <H extends HParams> LoadedHParams<H> parse(NamedProvider<H, ?> provider, String text, String source) {
        return read(provider, parseTree(text, source), source);
    }

    /** Builds hparams from key-value pairs (for example a study's overrides) merged over the defaults. */
    public <H extends HParams> H fromMap(NamedProvider<H, ?> provider, Map<String, ?> values, String source) {
        return fromTree(provider, mapper.valueToTree(values), source);
    }

    /** Builds hparams from a JSON/YAML tree (for example one embedded in another document). */
    public <H extends HParams> H fromTree(NamedProvider<H, ?> provider, JsonNode values, String source) {
        return read(provider, values, source).hparams();
    }

    /**
     * {@return {@code base} with {@code overrides} (key → YAML value, as {@code --set key=value} gives them) applied}
     *
     * @throws InvalidHParamsException naming the override (as {@code --set key=value}) and what is wrong with it
     */
    public <H extends HParams> H override(NamedProvider<H, ?> provider, H base, Map<String, String> overrides) {
        if (overrides.isEmpty()) {
            return base;
        }
        ObjectNode tree = toTree(base);
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            tree.set(o.getKey(), parseTree(o.getValue(), "--set " + o.getKey() + "=" + o.getValue(), o.getKey()));
        }
        return fromTree(provider, tree, overrides.entrySet().stream().map(o -> o.getKey() + "=" + o.getValue())
                .collect(Collectors.joining(" --set ", "--set ", "")));
    }

    /** The file's {@code alg_name} and {@code model_name}, read before knowing which provider it is for. */
    public Header header(Path file) {
        JsonNode tree = readTree(file);
        return new Header(text(tree, HParamsKeys.ALG_NAME), text(tree, HParamsKeys.MODEL_NAME));
    }

    /**
     * What a file says about itself.
     *
     * @param algName   {@code alg_name}
     * @param modelName {@code model_name}
     */
    public record Header(Optional<String> algName, Optional<String> modelName) {}

    /** YAML for {@code hparams}, starting with {@code alg_name: <provider name>}; {@link #parse} reads it back. */
    public String toYaml(NamedProvider<?, ?> provider, HParams hparams) {
        ObjectNode node = mapper.createObjectNode();
        node.put(HParamsKeys.ALG_NAME, provider.name());
        node.setAll(toTree(hparams));
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + hparams.getClass().getName() + " as YAML", e);
        }
    }

    /** The record as a tree of its snake_case keys. */
    public ObjectNode toTree(HParams hparams) {
        return mapper.valueToTree(hparams);
    }

    /** The mapper this codec uses (snake_case naming), for callers that embed hparams in other documents. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * {@return the provider's defaults: its {@code presets/default.yaml}, or the empty record when its hparams have no
     * keys; empty when neither (every key must then be given)}
     *
     * @throws InvalidHParamsException when the defaults file does not hold valid hparams
     */
    public <H extends HParams> Optional<H> defaults(NamedProvider<H, ?> provider) {
        if (Presets.defaults(provider).isEmpty() && provider.hparamsType().getRecordComponents().length > 0) {
            return Optional.empty();
        }
        return Optional.of(read(provider, mapper.createObjectNode(), provider.name() + " defaults").hparams());
    }

    /**
     * {@return the provider's preset {@code name} ({@code presets/<name>.yaml} next to it), merged over its defaults}
     *
     * @throws dev.amend.api.InvalidInputException naming the presets there are, when it has no such preset
     * @throws InvalidHParamsException when the preset does not hold valid hparams
     */
    public <H extends HParams> H preset(NamedProvider<H, ?> provider, String name) {
        return parse(provider, Presets.text(provider, name), Presets.resource(provider, name)).hparams();
    }

    /**
     * {@return what {@code provider} makes with its defaults (a metric, a model adapter)}
     *
     * @throws InvalidHParamsException when the provider has no defaults, naming it
     */
    public <H extends HParams, T> T createWithDefaults(NamedProvider<H, T> provider) {
        return provider.create(defaults(provider).orElseThrow(() -> new InvalidHParamsException(provider.name()
                + " has no defaults (" + Presets.resource(provider, Presets.DEFAULTS) + "): give its hparams")));
    }

    /** A file's keys, sorted out: those of the record, the EasyEdit keys it ignores, its {@code model_name}. */
    private record Given(ObjectNode values, List<String> ignored, Optional<String> modelName) {}

    private <H extends HParams> LoadedHParams<H> read(NamedProvider<H, ?> provider, JsonNode tree, String source) {
        Given given = given(provider, tree, source);
        ObjectNode merged = mapper.createObjectNode();
        Optional<String> defaults = Presets.defaults(provider);
        if (defaults.isPresent()) {
            String resource = Presets.resource(provider, Presets.DEFAULTS);
            merged.setAll(given(provider, parseTree(defaults.get(), resource), resource).values());
        }
        merged.setAll(given.values());
        Set<String> missing = new TreeSet<>(validKeys(provider.hparamsType()));
        merged.fieldNames().forEachRemaining(missing::remove);
        if (!missing.isEmpty()) {
            throw new InvalidHParamsException(source + ": missing required key" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " (" + provider.name() + " has no defaults for them)");
        }
        return new LoadedHParams<>(bind(provider.hparamsType(), merged, source), source, List.copyOf(given.ignored()),
                given.modelName());
    }

    private Given given(NamedProvider<?, ?> provider, JsonNode tree, String source) {
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            tree = mapper.createObjectNode();
        }
        if (!tree.isObject()) {
            throw new InvalidHParamsException(source + ": expected a mapping of keys to values, got a "
                    + tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        FiniteNumbers.check(tree, source);
        Class<? extends HParams> type = provider.hparamsType();
        Set<String> valid = validKeys(type);
        Set<String> ignorable = new LinkedHashSet<>(HParamsKeys.IGNORED_EVERYWHERE);
        IgnoredKeys declared = type.getAnnotation(IgnoredKeys.class);
        if (declared != null) {
            ignorable.addAll(List.of(declared.value()));
        }
        for (String marker : new TreeSet<>(HParamsKeys.MULTIMODAL)) {
            if (tree.has(marker) && !valid.contains(marker)) {
                throw new InvalidHParamsException(source + ": multimodal editing is not supported: key '" + marker
                        + "' belongs to EasyEdit's multimodal hparams (a vision-language model such as BLIP-2 or "
                        + "MiniGPT-4); Amend edits text models");
            }
        }
        ObjectNode values = mapper.createObjectNode();
        List<String> ignored = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : tree.properties()) {
            String key = field.getKey();
            if (key.equals(HParamsKeys.ALG_NAME)) {
                checkAlgName(provider, field.getValue(), source);
            } else if (key.equals(HParamsKeys.MODEL_NAME)) {
                continue;
            } else if (valid.contains(key)) {
                values.set(key, field.getValue());
            } else if (ignorable.contains(key)) {
                ignored.add(key);
            } else {
                throw new InvalidHParamsException(source + ": unknown key '" + key + "' for " + provider.name()
                        + DidYouMean.hint(key, valid) + "; valid keys: " + String.join(", ", valid));
            }
        }
        return new Given(values, ignored, text(tree, HParamsKeys.MODEL_NAME));
    }

    private void checkAlgName(NamedProvider<?, ?> provider, JsonNode value, String source) {
        String alg = value.asText();
        if (!ProviderNames.key(alg).equals(ProviderNames.key(provider.name()))) {
            throw new InvalidHParamsException(source + ": alg_name is '" + alg + "' but the file is being read for "
                    + provider.name());
        }
    }

    private <H extends HParams> H bind(Class<H> type, ObjectNode values, String source) {
        try {
            return mapper.treeToValue(values, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new InvalidHParamsException(source + ": " + cause.getMessage(), e);
        } catch (MismatchedInputException e) {
            throw new InvalidHParamsException(source + ": " + describe(e), e);
        } catch (JsonProcessingException e) {
            throw new InvalidHParamsException(source + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String describe(MismatchedInputException e) {
        String key = path(e);
        if (e instanceof InvalidFormatException refused && FiniteNumbers.refused(refused)) {
            return FiniteNumbers.message(key, refused.getValue());
        }
        String expected = e.getTargetType() == null ? "another type" : readable(e.getTargetType());
        String message = e.getOriginalMessage();
        if (message.contains("Cannot map `null`")) {
            return "key '" + key + "' is null; expected " + expected;
        }
        return "key '" + key + "': expected " + expected + " (" + message.lines().findFirst().orElse("") + ")";
    }

    private static String path(JsonMappingException e) {
        StringBuilder key = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                key.append(key.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                key.append('[').append(ref.getIndex()).append(']');
            }
        }
        return key.toString();
    }

    private static String readable(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type.isEnum()) {
            return "one of " + List.of(type.getEnumConstants());
        }
        return "a " + type.getSimpleName();
    }

    private JsonNode readTree(Path file) {
        String text;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_CHARS + 1);
            if (bytes.length > MAX_CHARS) {
                throw new InvalidHParamsException("hparams file " + file + " is larger than " + MAX_CHARS
                        + " bytes, the limit for hparams files");
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new InvalidHParamsException("hparams file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new InvalidHParamsException("cannot read hparams file " + file + ": " + e.getMessage(), e);
        }
        return parseTree(text, file.toString());
    }

    private JsonNode parseTree(String text, String source) {
        return parseTree(text, source, "");
    }

    /** {@code text} as a tree; {@code key} is where it goes in the hparams, for messages ("" for a whole file). */
    private JsonNode parseTree(String text, String source, String key) {
        if (text.length() > MAX_CHARS) {
            throw new InvalidHParamsException(source + ": " + text.length() + " characters, more than the "
                    + MAX_CHARS + " an hparams text may have");
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            FiniteNumbers.checkYamlSpecial(e, source, key);
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : " line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ":";
            String what = e instanceof StreamConstraintsException || e.getOriginalMessage().contains("limit")
                    ? "over the limits of an hparams text (" + MAX_DEPTH + " levels of nesting, " + MAX_CHARS
                    + " characters): " : "not valid YAML: ";
            throw new InvalidHParamsException(source + ":" + where + " " + what
                    + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static Optional<String> text(JsonNode tree, String key) {
        JsonNode v = tree == null ? null : tree.get(key);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
