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
     * result. Several: an object keyed {@code "<resource>.<action>"}.
     */
    public List<ValidationException.Issue> validateResult(List<OperationRef> operations, JsonNode result) {
        if (result == null || result.isNull()) {
            return List.of(new ValidationException.Issue("result", "is missing"));
        }
        List<ValidationException.Issue> issues = new ArrayList<>();
        for (OperationRef op : operations) {
            Optional<Operation> operation = operation(op.resource(), op.action());
            if (operation.isEmpty()) {
                issues.add(new ValidationException.Issue("result", op + " is not known"));
            } else if (operations.size() == 1) {
                issues.addAll(operation.get().validateResult(result));
            } else {
                String key = op.toString();
                JsonNode part = result.get(key);
                if (part == null || part.isNull()) {
                    issues.add(new ValidationException.Issue("result." + key, "is missing"));
                } else {
                    operation.get().validateResult(part).forEach(i -> issues.add(new ValidationException.Issue(
                            i.path().replaceFirst("^result", "result." + key), i.message())));
                }
            }
        }
        return issues;
    }
}
