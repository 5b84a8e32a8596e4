package dev.passage.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passage.sdk.internal.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An integration that can be linked, with its resources and their operations.
 *
 * @param id the integration id, e.g. {@code tmobile}
 * @param name its name for people, e.g. {@code T-Mobile}
 * @param resources what can be read or written there
 * @param json the JSON this was read from
 */
public record Provider(String id, String name, List<Resource> resources, JsonNode json) implements JsonModel {
    /** Keeps its own copies. */
    public Provider {
        resources = List.copyOf(resources);
        json = Json.frozen(json);
    }

    /**
     * One resource of a provider.
     *
     * @param name the resource, e.g. {@code paymentMethod}
     * @param operations its operations, in the order the API lists them
     * @param json the JSON this was read from
     */
    public record Resource(String name, List<OperationSpec> operations, JsonNode json) implements JsonModel {
        /** Keeps its own copies. */
        public Resource {
            operations = List.copyOf(operations);
            json = Json.frozen(json);
        }

        /** Reads a resource object; its {@code operations} is an object keyed by action. */
        public static Resource fromJson(JsonNode node) {
            Json.requireObject(node, "resource");
            List<OperationSpec> operations = new ArrayList<>();
            JsonNode ops = Json.present(node, "operations");
            if (ops != null && ops.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = ops.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = it.next();
                    operations.add(OperationSpec.fromJson(op.getKey(), op.getValue()));
                }
            }
            return new Resource(Json.string(node, "name"), operations, node);
        }

        /** The operation with this action, if the resource has it. */
        public Optional<OperationSpec> operation(String action) {
            return operations.stream().filter(o -> o.action().equals(action)).findFirst();
        }

        @Override
        public JsonNode json() {
            return json.deepCopy();
        }
    }

    /**
     * One operation of a resource, with the JSON Schemas (draft 2020-12) of its arguments and result.
     *
     * @param action the action, e.g. {@code read}
     * @param description what it does, for people
     * @param argumentsSchema the arguments' JSON Schema, when it takes arguments
     * @param resultSchema the result's JSON Schema, when it has one
     * @param json the JSON this was read from
     */
    public record OperationSpec(String action, String description, Optional<JsonNode> argumentsSchema,
                                Optional<JsonNode> resultSchema, JsonNode json) implements JsonModel {
        /** Keeps its own copies. */
        public OperationSpec {
            argumentsSchema = argumentsSchema.map(JsonNode::deepCopy);
            resultSchema = resultSchema.map(JsonNode::deepCopy);
            json = Json.frozen(json);
        }

        /** Reads an operation entry of the resource's {@code operations} object. */
        public static OperationSpec fromJson(String action, JsonNode node) {
            Json.requireObject(node, "operation");
            return new OperationSpec(action, Json.stringOrEmpty(node, "description"),
                    Optional.ofNullable(Json.present(node, "arguments")), Optional.ofNullable(Json.present(node, "result")),
                    node);
        }

        /** A copy of the arguments' JSON Schema, when the operation takes arguments. */
        @Override
        public Optional<JsonNode> argumentsSchema() {
            return argumentsSchema.map(JsonNode::deepCopy);
        }

        /** A copy of the result's JSON Schema, when there is one. */
        @Override
        public Optional<JsonNode> resultSchema() {
            return resultSchema.map(JsonNode::deepCopy);
        }

        @Override
        public JsonNode json() {
            return json.deepCopy();
        }
    }

    /** Reads a provider object. */
    public static Provider fromJson(JsonNode node) {
        Json.requireObject(node, "provider");
        return new Provider(Json.string(node, "id"), Json.stringOrEmpty(node, "name"),
                Json.list(node, "resources", Resource::fromJson), node);
    }

    /** The resource with this name, if the provider has it. */
    public Optional<Resource> resource(String name) {
        return resources.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    @Override
    public JsonNode json() {
        return json.deepCopy();
    }
}
