package dev.passage.server.sessions;

import tools.jackson.databind.JsonNode;

/**
 * The client's telemetry events (the {@code events} of {@code client.events}), as the injection
 * scripts report them:
 * <ul>
 *   <li>{@code {"type":"navigation","url":"…"}}: the webview's document is now at {@code url};</li>
 *   <li>{@code {"type":"network","url":"…","method":"POST","status":200,"body":"…"?}}: a response arrived;</li>
 *   <li>{@code {"type":"console","level":"log|warn|error","text":"…"}}: a console line;</li>
 *   <li>{@code {"type":"interaction","kind":"click|input|…","selector":"…"}}: debug sessions only.</li>
 * </ul>
 * Events are stored as they come; unknown types are kept (for the trace) but judged by no condition.
 */
final class Telemetry {
    private Telemetry() {}

    /** One stored event with its per-session sequence number. */
    record Stored(long seq, JsonNode event) {
        String type() {
            return text(event, "type");
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }
}
