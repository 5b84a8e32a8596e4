package dev.passage.sdk.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The SDK's JSON: one private mapper, configured once and never changed, and lenient readers for the
 * models. A field a newer server adds is ignored, a missing optional field is empty; only a missing
 * required field fails, naming it.
 */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Amounts stay exactly as sent: 84.10 reads as 84.10, not a double, not 84.1.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private Json() {}

    /** Binds {@code node} to {@code type} with Jackson (records, beans); unknown fields are ignored. */
    public static <T> T bind(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    /** A new empty object node. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Parses bytes as JSON. */
    public static JsonNode parse(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serializes a node compactly. */
    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The node, which must be a JSON object. */
    public static JsonNode requireObject(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        return node;
    }

    /** The field's value, or null when it is absent or JSON null. */
    public static JsonNode present(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : value;
    }

    /** A required string field. */
    public static String string(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (value == null) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value.asText();
    }

    /** An optional string field. */
    public static Optional<String> optString(JsonNode node, String field) {
        return Optional.ofNullable(present(node, field)).map(JsonNode::asText);
    }

    /** A string field, or the empty string when it is absent. */
    public static String stringOrEmpty(JsonNode node, String field) {
        return optString(node, field).orElse("");
    }

    /** A boolean field, false when absent. */
    public static boolean bool(JsonNode node, String field) {
        JsonNode value = present(node, field);
        return value != null && value.asBoolean();
    }

    /** A required whole-number field. */
    public static long number(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("missing number '" + field + "'");
        }
        return value.asLong();
    }

    /** A required decimal field, exactly as the JSON wrote it. */
    public static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("missing number '" + field + "'");
        }
        return value.decimalValue();
    }

    /** A required epoch-milliseconds field as an instant. */
    public static Instant instant(JsonNode node, String field) {
        return Instant.ofEpochMilli(number(node, field));
    }

    /** An optional epoch-milliseconds field as an instant. */
    public static Optional<Instant> optInstant(JsonNode node, String field) {
        JsonNode value = present(node, field);
        return value == null || !value.isNumber() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value.asLong()));
    }

    /** The elements of an array field read with {@code reader}; empty when the field is absent. */
    public static <T> List<T> list(JsonNode node, String field, Function<JsonNode, T> reader) {
        JsonNode value = present(node, field);
        List<T> out = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(element -> out.add(reader.apply(element)));
        }
        return List.copyOf(out);
    }

    /** A deep copy, so a model's JSON cannot be changed through the node the caller holds. */
    public static JsonNode frozen(JsonNode node) {
        return node == null ? null : node.deepCopy();
    }
}
