package dev.passage.server.integrations;

import com.networknt.schema.Schema;
import dev.passage.server.errors.ValidationException;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One action on one resource, with its JSON Schemas. Top-level arguments marked {@code writeOnly}
 * in the schema are secret: encrypted at rest and never returned.
 */
public final class Operation {
    private final String resource;
    private final String action;
    private final String description;
    private final JsonNode argumentsSchema;
    private final JsonNode resultSchema;
    private final Schema argumentsValidator;
    private final Schema resultValidator;
    private final Set<String> secretArguments;

    Operation(String resource, String action, String description, JsonNode argumentsSchema, JsonNode resultSchema,
              Schema argumentsValidator, Schema resultValidator, Set<String> secretArguments) {
        this.resource = resource;
        this.action = action;
        this.description = description;
        this.argumentsSchema = argumentsSchema;
        this.resultSchema = resultSchema;
        this.argumentsValidator = argumentsValidator;
        this.resultValidator = resultValidator;
        this.secretArguments = Set.copyOf(secretArguments);
    }

    public String resource() { return resource; }
    public String action() { return action; }
    public String description() { return description; }
    /** The arguments' JSON Schema, or null when the operation takes none. */
    public JsonNode argumentsSchema() { return argumentsSchema; }
    /** The result's JSON Schema, or null when the result is not described. */
    public JsonNode resultSchema() { return resultSchema; }
    /** A result that matches the result schema (its first {@code examples} entry), or empty when it gives none. */
    public java.util.Optional<JsonNode> resultExample() {
        return resultSchema == null || !resultSchema.path("examples").isArray() || resultSchema.path("examples").isEmpty()
                ? java.util.Optional.empty() : java.util.Optional.of(resultSchema.path("examples").get(0).deepCopy());
    }

    /** Names of the top-level arguments that are secret. */
    public Set<String> secretArguments() { return secretArguments; }

    /** Issues of {@code arguments} (may be null) against the schema, each path under {@code pathPrefix}. */
    public List<ValidationException.Issue> validateArguments(JsonNode arguments, String pathPrefix) {
        if (argumentsValidator == null) {
            if (arguments != null && !(arguments.isObject() && arguments.isEmpty())) {
                return List.of(new ValidationException.Issue(pathPrefix,
                        resource + "." + action + " takes no arguments"));
            }
            return List.of();
        }
        JsonNode value = arguments == null ? tools.jackson.databind.node.JsonNodeFactory.instance.objectNode() : arguments;
        return SchemaIssues.of(argumentsValidator, value, pathPrefix);
    }

    /** Issues of a result against the result schema (none when there is no schema). */
    public List<ValidationException.Issue> validateResult(JsonNode result) {
        if (resultValidator == null) {
            return result == null ? List.of(new ValidationException.Issue("result", "is missing")) : List.of();
        }
        return SchemaIssues.of(resultValidator, result, "result");
    }

    @Override
    public String toString() {
        return resource + "." + action;
    }
}
