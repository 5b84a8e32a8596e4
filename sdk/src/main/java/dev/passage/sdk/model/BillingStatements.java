package dev.passage.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passage.sdk.internal.Json;
import java.util.List;

/**
 * The result of {@code mobileBillingStatement.read}.
 *
 * @param billing the statements, newest first
 * @param json the JSON this was read from
 */
public record BillingStatements(List<BillingStatement> billing, JsonNode json) implements JsonModel {
    /** Keeps its own copies. */
    public BillingStatements {
        billing = List.copyOf(billing);
        json = Json.frozen(json);
    }

    /** Reads a {@code mobileBillingStatement.read} result. */
    public static BillingStatements fromJson(JsonNode node) {
        Json.requireObject(node, "mobileBillingStatement.read result");
        return new BillingStatements(Json.list(node, "billing", BillingStatement::fromJson), node);
    }

    @Override
    public JsonNode json() {
        return json.deepCopy();
    }
}
