package dev.passage.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passage.sdk.internal.Json;
import java.math.BigDecimal;
import java.util.List;

/**
 * The result of {@code readHistory.read}.
 *
 * @param history what the user read, newest first
 * @param json the JSON this was read from
 */
public record ReadHistory(List<Entry> history, JsonNode json) implements JsonModel {
    /** Keeps its own copies. */
    public ReadHistory {
        history = List.copyOf(history);
        json = Json.frozen(json);
    }

    /**
     * One thing the user read.
     *
     * @param id the provider's id
     * @param title the title
     * @param source where it was read
     * @param duration how long it was read, in the provider's unit
     * @param readAt when it was read, as the provider wrote it
     * @param json the JSON this was read from
     */
    public record Entry(String id, String title, String source, BigDecimal duration, String readAt, JsonNode json)
            implements JsonModel {
        /** Keeps its own copy of the JSON. */
        public Entry {
            json = Json.frozen(json);
        }

        /** Reads one entry. */
        public static Entry fromJson(JsonNode node) {
            Json.requireObject(node, "history entry");
            return new Entry(Json.string(node, "id"), Json.string(node, "title"), Json.string(node, "source"),
                    Json.decimal(node, "duration"), Json.string(node, "readAt"), node);
        }

        @Override
        public JsonNode json() {
            return json.deepCopy();
        }
    }

    /** Reads a {@code readHistory.read} result. */
    public static ReadHistory fromJson(JsonNode node) {
        Json.requireObject(node, "readHistory.read result");
        return new ReadHistory(Json.list(node, "history", Entry::fromJson), node);
    }

    @Override
    public JsonNode json() {
        return json.deepCopy();
    }
}
