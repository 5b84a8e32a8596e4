package dev.passage.server.integrations;

import dev.passage.server.errors.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** One integration (a service users link): its resources and their operations, and its automation (null when none). */
public record Integration(String id, String name, List<Resource> resources, Automation automation) {

    /** A kind of data on the service, with the actions that can be taken on it. */
    public record Resource(String name, List<Operation> operations) {}

    /** One operation a link asks for, by name. */
    public record OperationRef(String resource, String action) {
        @Override
        public String toString() {
            return resource + "." + action;
        }
    }

    public Optional<Resource> resource(String name) {
        return resources.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public Optional<Operation> operation(String resource, String action) {
        return resource(resource).flatMap(r -> r.operations().stream().filter(o -> o.action().equals(action)).findFirst());
    }

    /**
     * Issues of a worker's result for a link asking for {@code operations}, against their result
     * schemas; empty when it may complete the link. One operation: the result is that operation's
     * result. Several: {@code {"operations": [{"resource", "action", "data"}, …]}}, one entry per
     * operation in the order asked (the same operation may be asked twice).
     */
    public List<ValidationException.Issue> validateResult(List<OperationRef> operations, JsonNode result) {
        if (result == null || result.isNull()) {
            return List.of(new ValidationException.Issue("result", "is missing"));
        }
        if (operations.size() == 1) {
            return validateOne(operations.getFirst(), result, "result");
        }
        JsonNode entries = result.get("operations");
        if (entries == null || !entries.isArray()) {
            return List.of(new ValidationException.Issue("result.operations",
                    "must be an array of {resource, action, data}, one per operation in order"));
        }
        if (entries.size() != operations.size()) {
            return List.of(new ValidationException.Issue("result.operations", "must hold " + operations.size()
                    + " entries, one per operation, not " + entries.size()));
        }
        List<ValidationException.Issue> issues = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            OperationRef op = operations.get(i);
            JsonNode entry = entries.get(i);
            String path = "result.operations." + i;
            if (!entry.isObject() || !op.resource().equals(entry.path("resource").asString(""))
                    || !op.action().equals(entry.path("action").asString(""))) {
                issues.add(new ValidationException.Issue(path, "must be {\"resource\": \"" + op.resource()
                        + "\", \"action\": \"" + op.action() + "\", \"data\": …}"));
            } else if (entry.get("data") == null || entry.get("data").isNull()) {
                issues.add(new ValidationException.Issue(path + ".data", "is missing"));
            } else {
                issues.addAll(validateOne(op, entry.get("data"), path + ".data"));
            }
        }
        return issues;
    }

    private List<ValidationException.Issue> validateOne(OperationRef op, JsonNode value, String path) {
        Optional<Operation> operation = operation(op.resource(), op.action());
        if (operation.isEmpty()) {
            return List.of(new ValidationException.Issue(path, op + " is not known"));
        }
        return operation.get().validateResult(value).stream()
                .map(i -> new ValidationException.Issue(i.path().replaceFirst("^result", path), i.message())).toList();
    }
}
