package dev.passage.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passage.sdk.internal.Json;
import java.util.List;
import java.util.Optional;

/**
 * One page of {@code GET /v1/links}, newest first.
 *
 * @param links the links on this page (without result and error)
 * @param nextCursor the cursor of the next page, when there is one
 * @param json the JSON this was read from
 */
public record LinkPage(List<Link> links, Optional<String> nextCursor, JsonNode json) implements JsonModel {
    /** Keeps its own copies. */
    public LinkPage {
        links = List.copyOf(links);
        json = Json.frozen(json);
    }

    /** Reads a list answer. */
    public static LinkPage fromJson(JsonNode node) {
        Json.requireObject(node, "link page");
        return new LinkPage(Json.list(node, "links", Link::fromJson), Json.optString(node, "nextCursor"), node);
    }

    /** Whether another page follows. */
    public boolean hasMore() {
        return nextCursor.isPresent();
    }

    @Override
    public JsonNode json() {
        return json.deepCopy();
    }
}
