package dev.passage.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passage.sdk.internal.Json;
import java.util.List;

/**
 * The result of {@code paymentMethod.read}.
 *
 * @param paymentMethods the account's payment methods, in the provider's order
 * @param json the JSON this was read from
 */
public record PaymentMethods(List<PaymentMethod> paymentMethods, JsonNode json) implements JsonModel {
    /** Keeps its own copies. */
    public PaymentMethods {
        paymentMethods = List.copyOf(paymentMethods);
        json = Json.frozen(json);
    }

    /** Reads a {@code paymentMethod.read} result. */
    public static PaymentMethods fromJson(JsonNode node) {
        Json.requireObject(node, "paymentMethod.read result");
        return new PaymentMethods(Json.list(node, "paymentMethods", PaymentMethod::fromJson), node);
    }

    @Override
    public JsonNode json() {
        return json.deepCopy();
    }
}
