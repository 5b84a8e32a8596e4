package dev.passage.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passage.sdk.internal.Json;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * One billing statement. Dates are the provider's strings (ISO {@code YYYY-MM-DD} in the sandboxes).
 *
 * @param statementId the provider's id for the statement, if any
 * @param periodStart the first day of the period
 * @param periodEnd the last day of the period, if given
 * @param dueDate the due date, if given
 * @param amountDue the amount due in the currency's major unit, exactly as sent
 * @param currency the ISO 4217 currency code, e.g. {@code USD}
 * @param json the JSON this was read from
 */
public record BillingStatement(Optional<String> statementId, String periodStart, Optional<String> periodEnd,
                               Optional<String> dueDate, BigDecimal amountDue, String currency, JsonNode json)
        implements JsonModel {
    /** Keeps its own copy of the JSON. */
    public BillingStatement {
        json = Json.frozen(json);
    }

    /** Reads one statement. */
    public static BillingStatement fromJson(JsonNode node) {
        Json.requireObject(node, "billing statement");
        return new BillingStatement(Json.optString(node, "statementId"), Json.string(node, "periodStart"),
                Json.optString(node, "periodEnd"), Json.optString(node, "dueDate"), Json.decimal(node, "amountDue"),
                Json.string(node, "currency"), node);
    }

    @Override
    public JsonNode json() {
        return json.deepCopy();
    }
}
