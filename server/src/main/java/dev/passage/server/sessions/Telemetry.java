package dev.passage.server.sessions;

import dev.passage.protocol.TelemetryEvent;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The client's telemetry as stored: every event of {@code client.events} that is an object with a
 * string {@code type} (see {@link TelemetryEvent}), with its per-session sequence number. Unknown
 * types are kept but judged by no condition.
 */
final class Telemetry {
    private Telemetry() {}

    /** One stored event with its per-session sequence number. */
    record Stored(long seq, JsonNode event) {
        Optional<TelemetryEvent> typed() {
            return TelemetryEvent.of(event);
        }
    }
}
