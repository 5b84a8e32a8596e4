package dev.passage.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passage.sdk.internal.Json;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The typed operation results and the operation each one is the result of. */
final class ResultTypes {
    private record Reader(String operation, Function<JsonNode, ?> read) {}

    private static final Map<Class<?>, Reader> READERS = Map.of(
            PaymentMethods.class, new Reader("paymentMethod.read", PaymentMethods::fromJson),
            PaymentMethodWrite.class, new Reader("paymentMethod.write", PaymentMethodWrite::fromJson),
            BillingStatements.class, new Reader("mobileBillingStatement.read", BillingStatements::fromJson),
            OrderHistory.class, new Reader("orderHistory.read", OrderHistory::fromJson),
            ReadHistory.class, new Reader("readHistory.read", ReadHistory::fromJson));

    private ResultTypes() {}

    /** {@code "resource.action"} of the operation whose result {@code type} is, for this package's result records. */
    static Optional<String> operationOf(Class<?> type) {
        return Optional.ofNullable(READERS.get(type)).map(Reader::operation);
    }

    static <T> T read(JsonNode data, Class<T> type) {
        if (type == JsonNode.class) {
            return type.cast(data.deepCopy());
        }
        Reader reader = READERS.get(type);
        try {
            if (reader != null) {
                return type.cast(reader.read().apply(data));
            }
            return Json.bind(data, type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the result does not read as " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }
}
