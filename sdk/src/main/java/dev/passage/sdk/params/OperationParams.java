package dev.passage.sdk.params;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passage.sdk.internal.Json;
import java.util.Objects;
import java.util.Optional;

/**
 * One operation to request: a resource, an action and optional arguments (typed, or any JSON object).
 *
 * @param resource the resource, e.g. {@code paymentMethod}
 * @param action the action, e.g. {@code read}
 * @param arguments the arguments, when the operation takes any
 */
public record OperationParams(String resource, String action, Optional<ObjectNode> arguments) {
    /** Checks resource and action are given; keeps its own copy of the arguments. */
    public OperationParams {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(action, "action");
        arguments = arguments.map(ObjectNode::deepCopy);
    }

    /** An operation without arguments. */
    public static OperationParams of(String resource, String action) {
        return new OperationParams(resource, action, Optional.empty());
    }

    /** An operation with typed arguments. */
    public static OperationParams of(String resource, String action, OperationArguments arguments) {
        return new OperationParams(resource, action, Optional.of(arguments.toJson()));
    }

    /** An operation with arguments as JSON, which must be an object. */
    public static OperationParams of(String resource, String action, JsonNode arguments) {
        if (!(arguments instanceof ObjectNode object)) {
            throw new IllegalArgumentException("arguments must be a JSON object");
        }
        return new OperationParams(resource, action, Optional.of(object));
    }

    /** {@code paymentMethod.read}. */
    public static OperationParams paymentMethodRead() {
        return of("paymentMethod", "read");
    }

    /** {@code paymentMethod.write} of one card. */
    public static OperationParams paymentMethodWrite(PaymentMethodWriteArguments card) {
        return of("paymentMethod", "write", card);
    }

    /** {@code resource.read} of at most {@code limit} records. */
    public static OperationParams read(String resource, int limit) {
        return of(resource, "read", ReadArguments.limit(limit));
    }

    /** A copy of the arguments, when there are any. */
    @Override
    public Optional<ObjectNode> arguments() {
        return arguments.map(ObjectNode::deepCopy);
    }

    /** The operation as one element of the API's {@code operations} array. */
    public ObjectNode toJson() {
        ObjectNode node = Json.object().put("resource", resource).put("action", action);
        arguments.ifPresent(a -> node.set("arguments", a.deepCopy()));
        return node;
    }

    /** Hides the arguments, which may hold a card number. */
    @Override
    public String toString() {
        return "OperationParams[" + resource + "." + action + (arguments.isPresent() ? ", with arguments" : "") + "]";
    }
}
