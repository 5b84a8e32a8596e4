package dev.passage.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.passage.sdk.internal.Json;
import java.util.Optional;

/**
 * One payment method on the user's account, as a {@code paymentMethod.read} returns it.
 *
 * @param order its position in the provider's own list, from 0
 * @param vendorId the provider's id for it
 * @param last4 the last four digits
 * @param type its kind
 * @param isDefault whether it is the account's default
 * @param brand the card brand, if known
 * @param expirationDate {@code MM/YY}, if known
 * @param nickname the nickname on the account, if any
 * @param billingZip the billing ZIP code, if known
 * @param billingAddress the billing address, if known
 * @param raw the provider's own data for it
 * @param json the JSON this was read from
 */
public record PaymentMethod(int order, String vendorId, String last4, PaymentMethodType type, boolean isDefault,
                            Optional<String> brand, Optional<String> expirationDate, Optional<String> nickname,
                            Optional<String> billingZip, Optional<BillingAddress> billingAddress, JsonNode raw,
                            JsonNode json) implements JsonModel {
    /** Keeps its own copies of the JSON. */
    public PaymentMethod {
        raw = raw == null ? NullNode.getInstance() : Json.frozen(raw);
        json = Json.frozen(json);
    }

    /** Reads one payment method. */
    public static PaymentMethod fromJson(JsonNode node) {
        Json.requireObject(node, "payment method");
        JsonNode address = Json.present(node, "billingAddress");
        return new PaymentMethod((int) Json.number(node, "order"), Json.string(node, "vendorId"), Json.string(node, "last4"),
                PaymentMethodType.fromWire(Json.stringOrEmpty(node, "type")), Json.bool(node, "isDefault"),
                Json.optString(node, "brand"), Json.optString(node, "expirationDate"), Json.optString(node, "nickname"),
                Json.optString(node, "billingZip"),
                address != null && address.isObject() ? Optional.of(BillingAddress.fromJson(address)) : Optional.empty(),
                node.path("raw"), node);
    }

    /** A copy of the provider's own data. */
    @Override
    public JsonNode raw() {
        return raw.deepCopy();
    }

    @Override
    public JsonNode json() {
        return json.deepCopy();
    }
}
