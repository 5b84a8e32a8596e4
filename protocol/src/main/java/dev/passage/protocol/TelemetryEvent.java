package dev.passage.protocol;

import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client's telemetry (the {@code events} of {@code client.events}), as the device runtime and the
 * injection scripts report them. Each is a JSON object with a string {@code type}; the server keeps
 * events of other types but judges no condition on them.
 */
public sealed interface TelemetryEvent {
    /** The {@code type} of navigation events. */
    String NAVIGATION = "navigation";
    /** The {@code type} of network response events. */
    String NETWORK = "network";
    /** The {@code type} of console line events. */
    String CONSOLE = "console";
    /** The {@code type} of the debug recorder's interaction events. */
    String INTERACTION = "interaction";

    /** The event on the wire. */
    ObjectNode toJson();

    /** The top frame's document is now at {@code url}. */
    record Navigation(String url, Long ts) implements TelemetryEvent {
        @Override
        public ObjectNode toJson() {
            return stamp(base(NAVIGATION).put("url", url), ts);
        }
    }

    /** A response arrived: {@code body} only where the page's own script could read it (fetch/XHR), cut short. */
    record Network(String url, String method, int status, String resourceType, String body, Long ts)
            implements TelemetryEvent {
        @Override
        public ObjectNode toJson() {
            ObjectNode e = base(NETWORK).put("url", url).put("method", method).put("status", status);
            if (resourceType != null) {
                e.put("resourceType", resourceType);
            }
            if (body != null) {
                e.put("body", body);
            }
            return stamp(e, ts);
        }
    }

    /** A console line of the page. */
    record Console(String level, String text, Long ts) implements TelemetryEvent {
        @Override
        public ObjectNode toJson() {
            return stamp(base(CONSOLE).put("level", level).put("text", text), ts);
        }
    }

    /** What the person did, in debug sessions only: never a typed value. */
    record Interaction(String kind, String selector, Long ts) implements TelemetryEvent {
        @Override
        public ObjectNode toJson() {
            return stamp(base(INTERACTION).put("kind", kind).put("selector", selector), ts);
        }
    }

    /** The typed view of a reported event, or empty when it is not one of the types above (or lacks their fields). */
    static Optional<TelemetryEvent> of(JsonNode e) {
        if (e == null || !e.isObject()) {
            return Optional.empty();
        }
        Long ts = e.path("ts").isIntegralNumber() ? e.get("ts").asLong() : null;
        String type = text(e, "type");
        if (type == null) {
            return Optional.empty();
        }
        return switch (type) {
            case NAVIGATION -> Optional.ofNullable(text(e, "url")).map(url -> new Navigation(url, ts));
            case NETWORK -> Optional.ofNullable(text(e, "url")).map(url -> new Network(url, text(e, "method"),
                    e.path("status").isIntegralNumber() ? e.get("status").asInt() : 0, text(e, "resourceType"),
                    text(e, "body"), ts));
            case CONSOLE -> Optional.of(new Console(text(e, "level"), text(e, "text"), ts));
            case INTERACTION -> Optional.of(new Interaction(text(e, "kind"), text(e, "selector"), ts));
            default -> Optional.empty();
        };
    }

    /** A string field of an event, or null when it is absent or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    private static ObjectNode base(String type) {
        return JsonNodeFactory.instance.objectNode().put("type", type);
    }

    private static ObjectNode stamp(ObjectNode e, Long ts) {
        return ts == null ? e : e.put("ts", ts);
    }
}
