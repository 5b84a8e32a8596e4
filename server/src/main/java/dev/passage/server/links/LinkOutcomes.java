package dev.passage.server.links;

import dev.passage.protocol.ErrorBody;
import dev.passage.server.errors.ValidationException;
import dev.passage.server.integrations.IntegrationRegistry;
import dev.passage.server.json.Json;
import dev.passage.server.sessions.SessionOutcomes;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * A session's end moves its link (docs/api.md §3): complete with the result, or failed with {code, message}.
 * Each move is a compare-and-set on (status active, current session), so a late or stale session
 * cannot change a link that has moved on; it runs in the session's own transaction.
 */
final class LinkOutcomes implements SessionOutcomes {
    private final LinkRepository repository;
    private final IntegrationRegistry registry;
    private final Consumer<Link> changed;
    private final Clock clock;

    LinkOutcomes(LinkRepository repository, IntegrationRegistry registry, Consumer<Link> changed, Clock clock) {
        this.repository = repository;
        this.registry = registry;
        this.changed = changed;
        this.clock = clock;
    }

    @Override
    public List<ValidationException.Issue> checkResult(String linkId, JsonNode result) {
        Optional<Link> link = repository.findById(linkId);
        return link.flatMap(l -> registry.find(l.integrationId()))
                .map(integration -> integration.validateResult(link.get().operations().stream()
                        .map(op -> new dev.passage.server.integrations.Integration.OperationRef(op.resource(), op.action()))
                        .toList(), result))
                .orElse(List.of(new ValidationException.Issue("result", "the link's integration is not known to this server")));
    }

    @Override
    public void completed(String linkId, String sessionId, JsonNode result) {
        repository.complete(linkId, sessionId, Json.mapper().writeValueAsString(result), clock.millis()).ifPresent(changed);
    }

    @Override
    public void failed(String linkId, String sessionId, ErrorBody error) {
        repository.fail(linkId, sessionId, new Link.LinkError(error.code(), error.message(), error.reason(), error.details()), clock.millis())
                .ifPresent(changed);
    }
}
