package dev.passage.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passage.sdk.internal.Json;
import java.util.Optional;

/**
 * A postal billing address: what a payment-method write takes and what a read may return.
 *
 * @param line1 the first street line
 * @param line2 the second line, if any
 * @param city the city
 * @param state the state or region
 * @param country the country, if given
 * @param json the JSON this was read from or is sent as
 */
public record BillingAddress(String line1, Optional<String> line2, String city, String state, Optional<String> country,
                             JsonNode json) implements JsonModel {
    /** Keeps its own copy of the JSON. */
    public BillingAddress {
        json = Json.frozen(json);
    }

    /** An address to send; {@code line2} and {@code country} may be null. */
    public static BillingAddress of(String line1, String line2, String city, String state, String country) {
        ObjectNode node = Json.object().put("line1", line1);
        if (line2 != null) {
            node.put("line2", line2);
        }
        node.put("city", city).put("state", state);
        if (country != null) {
            node.put("country", country);
        }
        return fromJson(node);
    }

    /** Reads an address object; fields the provider did not give read as empty strings. */
    public static BillingAddress fromJson(JsonNode node) {
        Json.requireObject(node, "billingAddress");
        return new BillingAddress(Json.stringOrEmpty(node, "line1"), Json.optString(node, "line2"),
                Json.stringOrEmpty(node, "city"), Json.stringOrEmpty(node, "state"), Json.optString(node, "country"), node);
    }

    @Override
    public JsonNode json() {
        return json.deepCopy();
    }
}
