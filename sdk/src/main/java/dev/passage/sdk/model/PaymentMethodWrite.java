package dev.passage.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passage.sdk.internal.Json;
import java.util.Optional;

/**
 * The result of {@code paymentMethod.write}: {@code {dryRun: true, card}} when the card was only
 * checked on the provider's form, {@code {success: true, card}} when it was saved.
 *
 * @param dryRun whether the card was only checked, not saved
 * @param success whether the card was saved
 * @param card the card as the provider shows it
 * @param json the JSON this was read from
 */
public record PaymentMethodWrite(boolean dryRun, boolean success, Card card, JsonNode json) implements JsonModel {
    /** Keeps its own copy of the JSON. */
    public PaymentMethodWrite {
        json = Json.frozen(json);
    }

    /**
     * The card a write added or checked.
     *
     * @param last4 the last four digits
     * @param nickname the nickname the provider gave it, if any
     * @param json the JSON this was read from
     */
    public record Card(String last4, Optional<String> nickname, JsonNode json) implements JsonModel {
        /** Keeps its own copy of the JSON. */
        public Card {
            json = Json.frozen(json);
        }

        /** Reads a card object. */
        public static Card fromJson(JsonNode node) {
            Json.requireObject(node, "card");
            return new Card(Json.string(node, "last4"), Json.optString(node, "nickname"), node);
        }

        @Override
        public JsonNode json() {
            return json.deepCopy();
        }
    }

    /** Reads a {@code paymentMethod.write} result. */
    public static PaymentMethodWrite fromJson(JsonNode node) {
        Json.requireObject(node, "paymentMethod.write result");
        return new PaymentMethodWrite(Json.bool(node, "dryRun"), Json.bool(node, "success"),
                Card.fromJson(node.path("card")), node);
    }

    @Override
    public JsonNode json() {
        return json.deepCopy();
    }
}
