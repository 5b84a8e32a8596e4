package dev.passage.device;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cuts telemetry into {@code client.events} frames the server takes: at most {@value #MAX_EVENTS} events
 * and about {@value #MAX_BYTES} bytes each, far below its 1 MiB frame limit (a bigger frame closes the
 * socket with 1009). An event too big on its own keeps its type and loses the end of its longest
 * strings (a response body first), marked {@code "truncated": true}: it is cut, never dropped.
 * The extension does the same ({@code lib/batches.js}).
 */
public final class TelemetryBatches {
    /** Events per frame: the most the server stores from one batch. */
    public static final int MAX_EVENTS = 1000;
    /** Bytes of serialized events per frame. */
    public static final int MAX_BYTES = 512 * 1024;
    /** Bytes of one serialized event, so that a frame always holds at least two. */
    public static final int MAX_EVENT_BYTES = 256 * 1024;
    /** {@code {"type":"client.events","events":[…]}} around the events, with room to spare. */
    private static final int FRAME_OVERHEAD = 64;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TelemetryBatches() {}

    /** {@code events} in order, in batches within both limits; over-long events cut to fit. */
    public static List<List<JsonNode>> split(List<JsonNode> events) {
        List<List<JsonNode>> batches = new ArrayList<>();
        List<JsonNode> batch = new ArrayList<>();
        long bytes = FRAME_OVERHEAD;
        for (JsonNode raw : events) {
            JsonNode event = fit(raw);
            int size = size(event) + 1; // and its comma
            if (!batch.isEmpty() && (batch.size() == MAX_EVENTS || bytes + size > MAX_BYTES)) {
                batches.add(batch);
                batch = new ArrayList<>();
                bytes = FRAME_OVERHEAD;
            }
            batch.add(event);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    /** {@code event} as it is when it fits in {@value #MAX_EVENT_BYTES} bytes, else a copy with its longest strings cut. */
    static JsonNode fit(JsonNode event) {
        int size = size(event);
        if (size <= MAX_EVENT_BYTES || !(event instanceof ObjectNode object)) {
            return event;
        }
        ObjectNode copy = object.deepCopy();
        copy.put("truncated", true);
        for (int attempt = 0; attempt < 8 && (size = size(copy)) > MAX_EVENT_BYTES; attempt++) {
            String field = copy.path("body").isString() && !copy.get("body").asString().isEmpty() ? "body" : longestString(copy);
            if (field == null) {
                break;
            }
            String value = copy.get(field).asString();
            // Each char takes at least one byte serialized: cutting the overflow in chars always makes room.
            int keep = Math.max(0, value.length() - (size - MAX_EVENT_BYTES) - 16);
            if (keep > 0 && Character.isHighSurrogate(value.charAt(keep - 1))) {
                keep--;
            }
            copy.put(field, value.substring(0, keep));
        }
        if (size(copy) > MAX_EVENT_BYTES) {
            // Too big in its structure (huge arrays, many fields): what is left says what it was.
            ObjectNode small = JSON.createObjectNode();
            small.set("type", copy.get("type"));
            if (copy.has("ts")) {
                small.set("ts", copy.get("ts"));
            }
            return small.put("truncated", true);
        }
        return copy;
    }

    private static String longestString(ObjectNode event) {
        String longest = null;
        int length = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = event.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isString() && !e.getKey().equals("type") && e.getValue().asString().length() > length) {
                longest = e.getKey();
                length = e.getValue().asString().length();
            }
        }
        return length == 0 ? null : longest;
    }

    static int size(JsonNode event) {
        return JSON.writeValueAsString(event).getBytes(StandardCharsets.UTF_8).length;
    }
}
