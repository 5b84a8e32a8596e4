package dev.passage.server.links;

import dev.passage.protocol.ErrorCode;
import dev.passage.protocol.FailureReason;
import dev.passage.server.config.PassageConfig;
import dev.passage.server.errors.PassageException;
import dev.passage.server.events.EventBus;
import dev.passage.server.integrations.Integration;
import dev.passage.server.integrations.IntegrationRegistry;
import dev.passage.server.json.Json;
import dev.passage.server.metrics.Metrics;
import dev.passage.server.secrets.SecretBox;
import dev.passage.server.secrets.Tokens;
import dev.passage.server.sessions.SessionOutcomes;
import dev.passage.server.store.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Link intents: creation, reading, listing, expiry, and every status change. A change runs its
 * {@link LinkListener}s inside the transaction that makes it and reaches the event bus once it has
 * committed: one path for a claim, a session's end and an expiry alike.
 */
public final class LinkService {
    private static final Logger LOG = LoggerFactory.getLogger(LinkService.class);
    static final String SEALED_PURPOSE = "link-arguments";
    private static final int EXPIRY_BATCH = 500;
    /** How long a link may be active without a live session before it counts as orphaned. */
    private static final long ORPHAN_AFTER_MILLIS = 60_000;

    private final LinkRepository repository;
    private final LinkRequests requests;
    private final SecretBox argumentsBox;
    private final PassageConfig config;
    private final EventBus<LinkChanged> events;
    private final List<LinkListener> listeners;
    private final LinkOutcomes outcomes;
    private final IntegrationRegistry registry;
    private final Clock clock;

    private final Metrics metrics;

    public LinkService(Database db, IntegrationRegistry registry, SecretBox argumentsBox, PassageConfig config,
                       EventBus<LinkChanged> events, List<LinkListener> listeners, Metrics metrics, Clock clock) {
        this.metrics = metrics;
        this.repository = new LinkRepository(db);
        this.events = events;
        this.listeners = List.copyOf(listeners);
        this.outcomes = new LinkOutcomes(repository, registry, this::changed, clock);
        this.requests = new LinkRequests(registry, config);
        this.registry = registry;
        this.argumentsBox = argumentsBox;
        this.config = config;
        this.clock = clock;
    }

    /** Validates and stores a new link for {@code orgId}. */
    public CreatedLink create(String orgId, ObjectNode body) {
        NewLink request = requests.parse(body);
        long now = clock.millis();
        String id = Tokens.id("link_");
        String claimCode = Tokens.id("clm_");

        List<Link.LinkOperation> operations = new ArrayList<>();
        ObjectNode secrets = Json.mapper().createObjectNode();
        for (int i = 0; i < request.operations().size(); i++) {
            NewLink.Requested requested = request.operations().get(i);
            ObjectNode arguments = requested.arguments() == null ? null : requested.arguments().deepCopy();
            if (arguments != null) {
                ObjectNode secret = Json.mapper().createObjectNode();
                for (String name : requested.operation().secretArguments()) {
                    if (arguments.has(name)) {
                        secret.set(name, arguments.remove(name));
                    }
                }
                if (!secret.isEmpty()) {
                    secrets.set(Integer.toString(i), secret);
                }
            }
            operations.add(new Link.LinkOperation(requested.operation().resource(), requested.operation().action(), arguments));
        }
        String sealed = secrets.isEmpty() ? null
                : argumentsBox.seal(id, Json.mapper().writeValueAsBytes(secrets));

        Link link = new Link(id, orgId, request.integration().id(), List.copyOf(operations), request.externalUserId(),
                request.webhookUrl(), request.returnUrl(), request.debug(), LinkStatus.PENDING, null, null, null,
                now + request.expiresIn().toMillis(), now, now, sealed);
        repository.insert(link, Tokens.hash(claimCode));
        return new CreatedLink(link, claimCode, config.appClipUrl() + "?code=" + claimCode);
    }

    /** The organization's link as it reads now; 404 when there is none with that id in this organization. */
    public Link get(String orgId, String id) {
        return repository.find(orgId, id).map(l -> l.asOf(clock.millis()))
                .orElseThrow(() -> new PassageException.NotFound("No link with id " + id + "."));
    }

    /** A page of the organization's links, newest first. */
    public LinkPage list(LinkQuery query) {
        long now = clock.millis();
        List<Link> rows = repository.list(query, now);
        boolean more = rows.size() > query.limit();
        List<Link> page = (more ? rows.subList(0, query.limit()) : rows).stream().map(l -> l.asOf(now)).toList();
        Optional<LinkQuery.Cursor> next = more
                ? Optional.of(new LinkQuery.Cursor(page.getLast().createdAt(), page.getLast().id()))
                : Optional.empty();
        return new LinkPage(page, next);
    }

    /** Writes the expiry of every link past its time; returns how many it expired. */
    public int expireDue() {
        int total = 0;
        List<Link> batch;
        do {
            batch = repository.db().write(h -> {
                List<Link> expired = repository.expireDue(clock.millis(), EXPIRY_BATCH);
                expired.forEach(this::changed);
                return expired;
            });
            total += batch.size();
        } while (batch.size() == EXPIRY_BATCH);
        if (total > 0) {
            LOG.info("Expired {} link(s)", total);
        }
        return total;
    }

    /** The link a claim code belongs to, as it reads now. */
    public Optional<Link> findByClaimCode(String claimCode) {
        return repository.findByClaimCodeHash(Tokens.hash(claimCode)).map(l -> l.asOf(clock.millis()));
    }

    /**
     * The link's sealed secret arguments, opened, keyed by operation index: for the hosted worker only,
     * which types them into the page. Never log or return them.
     */
    public Optional<ObjectNode> openSecretArguments(String linkId) {
        long now = clock.millis();
        // Past its expiry a link's secrets are dead, even in the moments before the sweep deletes them.
        return repository.findById(linkId).filter(l -> l.sealedArguments() != null && l.expiresAt() > now)
                .map(l -> (ObjectNode) Json.mapper().readTree(argumentsBox.open(l.id(), l.sealedArguments())));
    }

    /**
     * Fails active links that no live session stands behind (a crash between steps that are not one
     * transaction, or a session row lost with its node): none stays active forever, and each gets its
     * status event and webhook. Returns how many.
     */
    public int reapOrphans() {
        long now = clock.millis();
        int reaped = 0;
        for (LinkRepository.Orphan orphan : repository.orphans(now - ORPHAN_AFTER_MILLIS, EXPIRY_BATCH)) {
            Link.LinkError error = new Link.LinkError(ErrorCode.CONNECTION_FAILED.name(),
                    "The session of this link stopped with the server that ran it; open the link again.",
                    FailureReason.SERVER_RESTARTED.wire());
            Optional<Link> failed = repository.db().write(h -> {
                Optional<Link> f = repository.fail(orphan.linkId(), orphan.sessionId(), error, now);
                f.ifPresent(this::changed);
                return f;
            });
            if (failed.isPresent()) {
                reaped++;
                LOG.warn("Link {} was active without a live session ({}); it failed", orphan.linkId(), orphan.sessionId());
            }
        }
        return reaped;
    }

    /** How sessions' ends reach links. */
    public SessionOutcomes sessionOutcomes() {
        return outcomes;
    }

    /** Fails a pending or failed link the person declined (status event, webhook); empty when it had moved on meanwhile. */
    Optional<Link> decline(Link link, Link.LinkError error) {
        return repository.db().write(h -> {
            Optional<Link> declined = repository.decline(link.id(), error, clock.millis());
            declined.ifPresent(this::changed);
            return declined;
        });
    }

    /**
     * Completes the organization's pending or failed link with {@code result} (or its operations'
     * example results), as a session's end would: sandbox mode only.
     */
    public Link completeInSandbox(String orgId, String linkId, JsonNode result) {
        Link link = drivable(orgId, linkId);
        Integration integration = registry.find(link.integrationId()).orElseThrow();
        List<Integration.OperationRef> ops = link.operations().stream()
                .map(op -> new Integration.OperationRef(op.resource(), op.action())).toList();
        JsonNode given = result != null ? result : exampleResult(integration, ops);
        List<dev.passage.server.errors.ValidationException.Issue> issues = integration.validateResult(ops, given);
        if (!issues.isEmpty()) {
            throw new dev.passage.server.errors.ValidationException(issues);
        }
        return drive(link, l -> repository.completeUnclaimed(l.id(), Json.mapper().writeValueAsString(given), clock.millis()));
    }

    /** Fails the organization's pending or failed link with {@code error}, as a session's end would: sandbox mode only. */
    public Link failInSandbox(String orgId, String linkId, Link.LinkError error) {
        return drive(drivable(orgId, linkId), l -> repository.decline(l.id(), error, clock.millis()));
    }

    private Link drivable(String orgId, String linkId) {
        Link link = get(orgId, linkId);
        switch (link.status()) {
            case ACTIVE -> throw new PassageException.Conflict("A session of this link is running; drive a pending or failed link.");
            case COMPLETE -> throw new PassageException.Conflict("The link is complete; links are not reusable.");
            case EXPIRED -> throw new PassageException.Gone("The link has expired.");
            case PENDING, FAILED -> { }
        }
        return link;
    }

    private Link drive(Link link, java.util.function.Function<Link, Optional<Link>> move) {
        return repository.db().write(h -> {
            Optional<Link> moved = move.apply(link);
            moved.ifPresent(this::changed);
            return moved;
        }).orElseThrow(() -> new PassageException.Conflict("The link changed meanwhile; read it and try again."));
    }

    private static JsonNode exampleResult(Integration integration, List<Integration.OperationRef> ops) {
        java.util.function.Function<Integration.OperationRef, JsonNode> example = op -> integration
                .operation(op.resource(), op.action()).flatMap(dev.passage.server.integrations.Operation::resultExample)
                .orElse(Json.mapper().createObjectNode());
        if (ops.size() == 1) {
            return example.apply(ops.getFirst());
        }
        ObjectNode combined = Json.mapper().createObjectNode();
        var list = combined.putArray("operations");
        ops.forEach(op -> list.addObject().put("resource", op.resource()).put("action", op.action())
                .set("data", example.apply(op)));
        return combined;
    }

    LinkRepository repository() {
        return repository;
    }

    /**
     * The link just changed to what it is now, in the current transaction: the listeners run in it, and
     * the change reaches the event bus once it commits.
     */
    void changed(Link link) {
        LinkChanged change = LinkChanged.of(link);
        listeners.forEach(l -> l.linkChanged(change));
        repository.db().afterCommit(() -> {
            events.publish(link.id(), change);
            String reason = link.error() == null ? null : link.error().reason();
            metrics.linkChanged(link.integrationId(), link.status().wire(), reason);
            if (link.error() == null) {
                LOG.info("Link {} is {} ({})", link.id(), link.status().wire(), link.integrationId());
            } else {
                LOG.info("Link {} is {} ({}): {} {}", link.id(), link.status().wire(), link.integrationId(),
                        link.error().code(), reason);
            }
        });
    }

    /** Hands the link's status as it reads now to {@code to} (a subscriber that just joined). */
    void currentTo(Link link, Consumer<LinkChanged> to) {
        to.accept(LinkChanged.of(link.asOf(clock.millis())));
    }
}
