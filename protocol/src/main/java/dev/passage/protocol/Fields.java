package dev.passage.protocol;

import tools.jackson.databind.JsonNode;

/** The field rules the message records share; each failure names the field, never its value. */
final class Fields {
    private Fields() {}

    static void nonEmpty(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new ProtocolException(field + " must be a non-empty string");
        }
    }

    static void present(String field, Object value) {
        if (value == null) {
            throw new ProtocolException(field + " is missing");
        }
    }

    static void atLeast(String field, long value, long min) {
        if (value < min) {
            throw new ProtocolException(field + " must be a whole number from " + min);
        }
    }

    /** At most 40 characters of a value that is named back to its sender (never a secret: a type or command name). */
    static String shorten(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    /** An object, or null for an absent or JSON-null value. */
    static JsonNode objectOrNull(String field, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new ProtocolException(field + " must be an object");
        }
        return value;
    }
}
