package dev.passage.sdk.params;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passage.sdk.internal.Json;

/**
 * Arguments of the read operations ({@code mobileBillingStatement}, {@code orderHistory},
 * {@code readHistory}): at most {@code limit} records, newest first.
 *
 * @param limit how many records at most, from 1
 */
public record ReadArguments(int limit) implements OperationArguments {
    /** Checks the limit is positive. */
    public ReadArguments {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
    }

    /** At most {@code limit} records. */
    public static ReadArguments limit(int limit) {
        return new ReadArguments(limit);
    }

    @Override
    public ObjectNode toJson() {
        return Json.object().put("limit", limit);
    }
}
