package dev.amend.registry.hparams;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses NaN and infinite numbers in hparams: a NaN learning rate passes every {@code > 0} check a record makes and
 * ends as NaN weights. Checked twice, so that every way of writing one is caught with the key and its source: in each
 * parsed tree ({@code .nan}, {@code .inf}, {@code 1e999}), and when a floating field is bound (a string such as
 * {@code "NaN"} or {@code "Infinity"} that Jackson would turn into a number), whether the field is a component, a list
 * element or inside a nested record.
 */
final class FiniteNumbers {

    /** Jackson's message for YAML's {@code .nan}, {@code .inf}, {@code -.inf} (any case). */
    private static final Pattern YAML_SPECIAL =
            Pattern.compile("^Malformed numeric value '([-+]?)\\.(inf|nan)'", Pattern.CASE_INSENSITIVE);

    private FiniteNumbers() {}

    /** The deserializers that refuse non-finite {@code double}, {@code Double}, {@code float} and {@code Float}. */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("finite-numbers");
        module.addDeserializer(Double.class, new FiniteDouble(Double.class, null));
        module.addDeserializer(double.class, new FiniteDouble(Double.TYPE, 0.0));
        module.addDeserializer(Float.class, new FiniteFloat(Float.class, null));
        module.addDeserializer(float.class, new FiniteFloat(Float.TYPE, 0.0f));
        return module;
    }

    /**
     * @param source names the file or overrides in the message
     * @throws InvalidHParamsException naming the first non-finite number's key (as {@code key[0].sub}) and source
     */
    static void check(JsonNode tree, String source) {
        check(tree, "", source);
    }

    /**
     * Turns the parser's refusal of YAML's {@code .nan} and {@code .inf} (which Jackson reads as malformed numbers)
     * into the message every other non-finite number gets; does nothing for other errors.
     *
     * @param key where the parsed text goes in the hparams ("" for a whole file)
     * @throws InvalidHParamsException naming the key, when {@code e} is such a refusal
     */
    static void checkYamlSpecial(JsonProcessingException e, String source, String key) {
        Matcher special = YAML_SPECIAL.matcher(e.getOriginalMessage());
        if (!special.find() || !(e.getProcessor() instanceof JsonParser parser)) {
            return;
        }
        double value = special.group(2).equalsIgnoreCase("nan") ? Double.NaN
                : special.group(1).equals("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        String inside = key(parser.getParsingContext());
        String path = key.isEmpty() || inside.isEmpty() || inside.startsWith("[") ? key + inside : key + "." + inside;
        throw new InvalidHParamsException(source + ": " + message(path, value), e);
    }

    /** {@return the key of the value being read in {@code context}, as {@code key[0].sub}} */
    private static String key(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.push((c.getParent() == null || c.getParent().inRoot() ? "" : ".") + c.getCurrentName());
            }
        }
        return String.join("", parts);
    }

    /** {@return the message for a non-finite {@code value} at {@code key}} */
    static String message(String key, Object value) {
        return "key '" + key + "' is " + value + "; expected a finite number";
    }

    /** {@return whether {@code e} is a refusal of these deserializers} */
    static boolean refused(InvalidFormatException e) {
        return e.getValue() instanceof Double d && !Double.isFinite(d)
                || e.getValue() instanceof Float f && !Float.isFinite(f);
    }

    private static void check(JsonNode node, String key, String source) {
        if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
            throw new InvalidHParamsException(source + ": " + message(key, node.doubleValue()));
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), key + "[" + i + "]", source);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                check(field.getValue(), key.isEmpty() ? field.getKey() : key + "." + field.getKey(), source);
            }
        }
    }

    private static final class FiniteDouble extends NumberDeserializers.DoubleDeserializer {
        FiniteDouble(Class<Double> type, Double nullValue) {
            super(type, nullValue);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext context) throws IOException {
            Double value = super.deserialize(p, context);
            if (value != null && !Double.isFinite(value)) {
                throw InvalidFormatException.from(p, "not a finite number", value, Double.class);
            }
            return value;
        }
    }

    private static final class FiniteFloat extends NumberDeserializers.FloatDeserializer {
        FiniteFloat(Class<Float> type, Float nullValue) {
            super(type, nullValue);
        }

        @Override
        public Float deserialize(JsonParser p, DeserializationContext context) throws IOException {
            Float value = super.deserialize(p, context);
            if (value != null && !Float.isFinite(value)) {
                throw InvalidFormatException.from(p, "not a finite number", value, Float.class);
            }
            return value;
        }
    }
}
