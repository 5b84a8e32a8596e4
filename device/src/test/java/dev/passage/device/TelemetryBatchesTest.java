package dev.passage.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Telemetry goes out in frames the server takes, whatever the page reports. */
class TelemetryBatchesTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    static ObjectNode event(int i, int bodyChars) {
        return JSON.createObjectNode().put("type", "network").put("url", "http://127.0.0.1/api/" + i).put("status", 200)
                .put("body", "é".repeat(bodyChars)).put("ts", i);
    }

    static int frameBytes(List<JsonNode> batch) {
        return TelemetryBatches.size(JSON.createObjectNode().put("type", "client.events")
                .set("events", JSON.createArrayNode().addAll(batch)));
    }

    @Test
    void many_small_events_go_in_batches_of_at_most_a_thousand_in_order() {
        List<JsonNode> events = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            events.add(event(i, 1));
        }
        List<List<JsonNode>> batches = TelemetryBatches.split(events);
        assertThat(batches).extracting(List::size).containsExactly(1000, 1000, 500);
        assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(events);
    }

    @Test
    void big_events_go_in_batches_of_at_most_half_a_mebibyte() {
        List<JsonNode> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(event(i, 50_000)); // about 100 KB each serialized: é is two bytes
        }
        List<List<JsonNode>> batches = TelemetryBatches.split(events);
        assertThat(batches).hasSizeGreaterThan(7);
        assertThat(batches).allSatisfy(b -> assertThat(frameBytes(b)).isLessThanOrEqualTo(TelemetryBatches.MAX_BYTES));
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(40);
    }

    @Test
    void an_event_too_big_on_its_own_has_its_body_cut_and_is_still_sent() {
        ObjectNode huge = event(7, 2_000_000); // 4 MB of body
        huge.put("url", "http://127.0.0.1/" + "u".repeat(300_000));
        List<List<JsonNode>> batches = TelemetryBatches.split(List.of(event(1, 1), huge, event(2, 1)));
        List<JsonNode> sent = batches.stream().flatMap(List::stream).toList();
        assertThat(sent).hasSize(3);
        JsonNode cut = sent.get(1);
        assertThat(TelemetryBatches.size(cut)).isLessThanOrEqualTo(TelemetryBatches.MAX_EVENT_BYTES);
        assertThat(cut.path("truncated").asBoolean()).isTrue();
        assertThat(cut.path("type").asString()).isEqualTo("network");
        assertThat(cut.path("status").asInt()).isEqualTo(200);
        assertThat(cut.path("url").asString()).startsWith("http://127.0.0.1/uuu");
        assertThat(huge.has("truncated")).as("the page's own event is left as it was").isFalse();
        assertThat(batches).allSatisfy(b -> assertThat(frameBytes(b)).isLessThanOrEqualTo(TelemetryBatches.MAX_BYTES));
    }

    @Test
    void an_event_big_in_its_structure_keeps_its_type_and_says_it_was_cut() {
        ObjectNode wide = JSON.createObjectNode().put("type", "custom").put("ts", 5);
        var items = wide.putArray("items");
        for (int i = 0; i < 100_000; i++) {
            items.add(i);
        }
        JsonNode cut = TelemetryBatches.fit(wide);
        assertThat(cut.toString()).isEqualTo("{\"type\":\"custom\",\"ts\":5,\"truncated\":true}");
    }
}
