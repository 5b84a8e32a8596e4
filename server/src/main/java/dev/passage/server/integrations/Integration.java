package dev.passage.server.integrations;

import java.util.List;
import java.util.Optional;

/** One integration (a service users link): its resources and their operations, and its automation (data; null when none). */
public record Integration(String id, String name, List<Resource> resources, tools.jackson.databind.JsonNode automation) {

    /** A kind of data on the service, with the actions that can be taken on it. */
    public record Resource(String name, List<Operation> operations) {}

    public Optional<Resource> resource(String name) {
        return resources.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public Optional<Operation> operation(String resource, String action) {
        return resource(resource).flatMap(r -> r.operations().stream().filter(o -> o.action().equals(action)).findFirst());
    }
}
