package dev.passage.server.links;

import dev.passage.server.errors.ValidationException;
import dev.passage.server.http.Json;
import dev.passage.server.integrations.Integration;
import dev.passage.server.integrations.IntegrationRegistry;
import dev.passage.server.integrations.Operation;
import dev.passage.server.sessions.SessionOutcomes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * A session's end moves its link (SPEC §3): complete with the result, or failed with {code, message}.
 * Each move is a compare-and-set on (status active, current session), so a late or stale session
 * cannot change a link that has moved on.
 */
final class LinkOutcomes implements SessionOutcomes {
    private final LinkRepository repository;
    private final IntegrationRegistry registry;
    private final LinkOutbox outbox;
    private final Consumer<Link> publish;
    private final Clock clock;

    LinkOutcomes(LinkRepository repository, IntegrationRegistry registry, LinkOutbox outbox, Consumer<Link> publish,
                 Clock clock) {
        this.repository = repository;
        this.registry = registry;
        this.outbox = outbox;
        this.publish = publish;
        this.clock = clock;
    }

    /** One operation: its result is the result. Several: the result is keyed {@code "<resource>.<action>"}. */
    @Override
    public List<ValidationException.Issue> checkResult(String linkId, JsonNode result) {
        Optional<Link> link = repository.findById(linkId);
        Optional<Integration> integration = link.flatMap(l -> registry.find(l.integrationId()));
        if (integration.isEmpty()) {
            return List.of(new ValidationException.Issue("result", "the link's integration is not known to this server"));
        }
        if (result == null || result.isNull()) {
            return List.of(new ValidationException.Issue("result", "is missing"));
        }
        List<Link.LinkOperation> operations = link.get().operations();
        List<ValidationException.Issue> issues = new ArrayList<>();
        for (Link.LinkOperation op : operations) {
            Optional<Operation> operation = integration.get().operation(op.resource(), op.action());
            if (operation.isEmpty()) {
                issues.add(new ValidationException.Issue("result", op.resource() + "." + op.action() + " is not known"));
                continue;
            }
            if (operations.size() == 1) {
                issues.addAll(operation.get().validateResult(result));
            } else {
                String key = op.resource() + "." + op.action();
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

    @Override
    public void completed(String linkId, String sessionId, JsonNode result) {
        repository.complete(linkId, sessionId, Json.mapper().writeValueAsString(result), clock.millis(), outbox)
                .ifPresent(publish);
    }

    @Override
    public void failed(String linkId, String sessionId, String code, String message) {
        repository.fail(linkId, sessionId, code, message, clock.millis(), outbox).ifPresent(publish);
    }
}
