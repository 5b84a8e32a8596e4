package dev.passage.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passage.sdk.internal.Json;

/**
 * What one operation of a link returned. {@code resource} and {@code action} are empty strings when
 * the JSON did not name them (the webhook of a one-operation link carries the result alone).
 *
 * @param resource the operation's resource, e.g. {@code paymentMethod}
 * @param action the operation's action, e.g. {@code read}
 * @param data the operation's result as JSON
 */
public record OperationResult(String resource, String action, JsonNode data) {
    /** Keeps its own copy of the data. */
    public OperationResult {
        data = Json.frozen(data);
    }

    /** The data read as {@code type}: one of this package's result records, {@link JsonNode}, or any type Jackson can bind. */
    public <T> T as(Class<T> type) {
        return ResultTypes.read(data, type);
    }

    /** A copy of the operation's result as JSON. */
    @Override
    public JsonNode data() {
        return data.deepCopy();
    }

    /** Whether this is the result of {@code resource} / {@code action}. */
    public boolean is(String resource, String action) {
        return this.resource.equals(resource) && this.action.equals(action);
    }
}
