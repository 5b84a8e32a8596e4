package dev.passage.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passage.sdk.internal.Json;

/**
 * One operation of a link: a resource and an action, such as {@code paymentMethod} / {@code read}.
 *
 * @param resource the resource, e.g. {@code paymentMethod}
 * @param action the action, e.g. {@code read}
 * @param json the JSON this was read from
 */
public record Operation(String resource, String action, JsonNode json) implements JsonModel {
    /** Keeps its own copy of the JSON. */
    public Operation {
        json = Json.frozen(json);
    }

    /** Reads an operation object. */
    public static Operation fromJson(JsonNode node) {
        Json.requireObject(node, "operation");
        return new Operation(Json.string(node, "resource"), Json.string(node, "action"), node);
    }

    /** {@code "resource.action"}. */
    public String key() {
        return resource + "." + action;
    }

    @Override
    public JsonNode json() {
        return json.deepCopy();
    }
}
