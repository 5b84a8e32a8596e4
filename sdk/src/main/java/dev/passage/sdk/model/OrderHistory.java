package dev.passage.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passage.sdk.internal.Json;

/**
 * The result of {@code orderHistory.read}.
 *
 * @param orderCount how many orders the account has
 * @param orders the orders in the provider's own structure
 * @param json the JSON this was read from
 */
public record OrderHistory(long orderCount, JsonNode orders, JsonNode json) implements JsonModel {
    /** Keeps its own copies of the JSON. */
    public OrderHistory {
        orders = Json.frozen(orders);
        json = Json.frozen(json);
    }

    /** Reads an {@code orderHistory.read} result. */
    public static OrderHistory fromJson(JsonNode node) {
        Json.requireObject(node, "orderHistory.read result");
        return new OrderHistory(Json.number(node, "orderCount"), node.path("orders"), node);
    }

    /** A copy of the orders, in the provider's own structure. */
    @Override
    public JsonNode orders() {
        return orders.deepCopy();
    }

    @Override
    public JsonNode json() {
        return json.deepCopy();
    }
}
