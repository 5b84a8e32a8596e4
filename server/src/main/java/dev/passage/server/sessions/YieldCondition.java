package dev.passage.server.sessions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A condition of {@code worker.yield_to_user}, judged on the client's telemetry:
 * {@code {"url": "<regex>"}} holds when the current URL (the last navigation) matches;
 * {@code {"networkRequest": {"url"?: "<regex>", "urlContains"?, "method"?, "successfulOnly"?,
 * "bodyContains"?, "captureBody"?}}} holds when a network response since the previous yield matches.
 */
sealed interface YieldCondition {

    /** What matched, for the worker's {@code server.command_result}, or empty. */
    Optional<ObjectNode> match(String currentUrl, List<Telemetry.Stored> networkSince);

    record Url(Pattern pattern) implements YieldCondition {
        @Override
        public Optional<ObjectNode> match(String currentUrl, List<Telemetry.Stored> networkSince) {
            if (currentUrl == null || !pattern.matcher(currentUrl).find()) {
                return Optional.empty();
            }
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.put("matched", true).put("condition", "url").put("url", currentUrl);
            return Optional.of(result);
        }
    }

    record NetworkRequest(Pattern url, String urlContains, String method, boolean successfulOnly, String bodyContains,
                          boolean captureBody) implements YieldCondition {
        @Override
        public Optional<ObjectNode> match(String currentUrl, List<Telemetry.Stored> networkSince) {
            for (Telemetry.Stored stored : networkSince) {
                JsonNode e = stored.event();
                String eventUrl = Telemetry.text(e, "url");
                if (eventUrl == null) {
                    continue;
                }
                if (url != null && !url.matcher(eventUrl).find()) {
                    continue;
                }
                if (urlContains != null && !eventUrl.contains(urlContains)) {
                    continue;
                }
                String eventMethod = Telemetry.text(e, "method");
                if (method != null && (eventMethod == null || !method.equalsIgnoreCase(eventMethod))) {
                    continue;
                }
                int status = e.path("status").asInt(0);
                if (successfulOnly && (status < 200 || status > 299)) {
                    continue;
                }
                String body = Telemetry.text(e, "body");
                if (bodyContains != null && (body == null || !body.contains(bodyContains))) {
                    continue;
                }
                ObjectNode result = JsonNodeFactory.instance.objectNode();
                result.put("matched", true).put("condition", "networkRequest");
                ObjectNode response = result.putObject("response");
                response.put("url", eventUrl);
                response.put("method", eventMethod);
                response.put("status", status);
                if (captureBody && body != null) {
                    response.put("body", body);
                }
                return Optional.of(result);
            }
            return Optional.empty();
        }
    }

    /**
     * What the first condition that holds found, or empty. The current URL is the last navigation of the
     * whole session; network responses count only after {@code networkAfterSeq} (the previous yield's end).
     */
    static Optional<ObjectNode> firstMatch(List<YieldCondition> conditions, List<Telemetry.Stored> telemetry,
                                           long networkAfterSeq) {
        String currentUrl = null;
        List<Telemetry.Stored> network = new ArrayList<>();
        for (Telemetry.Stored t : telemetry) {
            if ("navigation".equals(t.type()) && Telemetry.text(t.event(), "url") != null) {
                currentUrl = Telemetry.text(t.event(), "url");
            } else if ("network".equals(t.type()) && t.seq() > networkAfterSeq) {
                network.add(t);
            }
        }
        for (YieldCondition condition : conditions) {
            Optional<ObjectNode> match = condition.match(currentUrl, network);
            if (match.isPresent()) {
                return match;
            }
        }
        return Optional.empty();
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
        return parsed;
    }

    private static YieldCondition parse(JsonNode c, String path) {
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
        String url = optionalText(n, "url", p);
        return new NetworkRequest(
                url == null ? null : regex(url, p + ".url"),
                optionalText(n, "urlContains", p),
                Optional.ofNullable(optionalText(n, "method", p)).map(m -> m.toUpperCase(Locale.ROOT)).orElse(null),
                optionalBoolean(n, "successfulOnly", p),
                optionalText(n, "bodyContains", p),
                optionalBoolean(n, "captureBody", p));
    }

    private static Pattern regex(String source, String path) {
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
