package dev.passage.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A condition of {@code worker.yield_to_user}, judged by the server on the client's telemetry:
 * {@code {"url": "<regex>"}} holds when the current URL matches; {@code {"networkRequest": {"url"?:
 * "<regex>", "urlContains"?, "method"?, "successfulOnly"?, "bodyContains"?, "captureBody"?}}} holds when a
 * network response since the previous yield matches.
 */
public sealed interface YieldCondition {

    /** The condition on the wire. */
    @JsonValue
    ObjectNode toJson();

    /** The current URL (the last top-frame navigation) matches {@code pattern} somewhere. */
    record Url(Pattern pattern) implements YieldCondition {
        @Override
        public ObjectNode toJson() {
            return JsonNodeFactory.instance.objectNode().put("url", pattern.pattern());
        }
    }

    /** A network response matching every given part. */
    record NetworkRequest(Pattern url, String urlContains, String method, boolean successfulOnly, String bodyContains,
                          boolean captureBody) implements YieldCondition {
        @Override
        public ObjectNode toJson() {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            ObjectNode n = root.putObject("networkRequest");
            if (url != null) {
                n.put("url", url.pattern());
            }
            if (urlContains != null) {
                n.put("urlContains", urlContains);
            }
            if (method != null) {
                n.put("method", method);
            }
            if (successfulOnly) {
                n.put("successfulOnly", true);
            }
            if (bodyContains != null) {
                n.put("bodyContains", bodyContains);
            }
            if (captureBody) {
                n.put("captureBody", true);
            }
            return root;
        }
    }

    /** Parses a yield's {@code conditions}; throws {@link ProtocolException} naming what is wrong. */
    static List<YieldCondition> parseAll(JsonNode conditions) {
        if (conditions == null || !conditions.isArray() || conditions.isEmpty()) {
            throw new ProtocolException("conditions must be a non-empty array");
        }
        List<YieldCondition> parsed = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            parsed.add(parse(conditions.get(i), "conditions." + i));
        }
        return List.copyOf(parsed);
    }

    /** Parses one condition, naming it {@code path} in errors. */
    static YieldCondition parse(JsonNode c, String path) {
        if (c == null || !c.isObject() || c.size() != 1) {
            throw new ProtocolException(path + " must be an object with exactly one of url or networkRequest");
        }
        if (c.has("url")) {
            if (!c.get("url").isString()) {
                throw new ProtocolException(path + ".url must be a regular expression string");
            }
            return new Url(regex(c.get("url").asString(), path + ".url"));
        }
        JsonNode n = c.get("networkRequest");
        if (n == null || !n.isObject()) {
            throw new ProtocolException(path + " must be an object with exactly one of url or networkRequest");
        }
        String p = path + ".networkRequest";
        for (String name : n.propertyNames()) {
            if (!List.of("url", "urlContains", "method", "successfulOnly", "bodyContains", "captureBody").contains(name)) {
                throw new ProtocolException(p + "." + Fields.shorten(name) + " is not a known field");
            }
        }
        String url = optionalText(n, "url", p);
        String method = optionalText(n, "method", p);
        return new NetworkRequest(url == null ? null : regex(url, p + ".url"), optionalText(n, "urlContains", p),
                method == null ? null : method.toUpperCase(Locale.ROOT), optionalBoolean(n, "successfulOnly", p),
                optionalText(n, "bodyContains", p), optionalBoolean(n, "captureBody", p));
    }

    /** The longest regular expression a condition may give: enough for any URL pattern, too short to hide a maze. */
    static final int MAX_REGEX_LENGTH = 1000;

    private static Pattern regex(String source, String path) {
        if (source.length() > MAX_REGEX_LENGTH) {
            throw new ProtocolException(path + " is longer than " + MAX_REGEX_LENGTH + " characters");
        }
        try {
            return Pattern.compile(source);
        } catch (PatternSyntaxException e) {
            throw new ProtocolException(path + " is not a valid regular expression");
        }
    }

    private static String optionalText(JsonNode n, String field, String path) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw new ProtocolException(path + "." + field + " must be a string");
        }
        return v.asString();
    }

    private static boolean optionalBoolean(JsonNode n, String field, String path) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new ProtocolException(path + "." + field + " must be a boolean");
        }
        return v.asBoolean();
    }
}
