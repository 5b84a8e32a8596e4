package dev.passage.server.links;

import dev.passage.server.errors.PassageException;
import dev.passage.server.json.Json;
import dev.passage.server.sessions.CreatedSession;
import dev.passage.server.sessions.NewSession;
import dev.passage.server.sessions.SessionService;
import dev.passage.server.secrets.Tokens;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /link/claim} (docs/api.md §2): makes a pending or failed link active with a new session, and
 * starts the session's worker.
 *
 * <p>The link's compare-and-set (one winner among concurrent claims) and the session's row commit in
 * one transaction, so no crash leaves an active link without its session; a session that cannot be
 * made rolls the claim back with it. Then the worker is launched; when it cannot be, the claim answers
 * 502, the session is failed with INTERNAL_ERROR and the link put back exactly as it was (status,
 * current session, error). The {@code active} status reaches subscribers only once the worker runs.
 */
public final class ClaimService {
    private static final Logger log = LoggerFactory.getLogger(ClaimService.class);

    private final LinkService links;
    private final LinkRepository repository;
    private final SessionService sessions;
    private final Clock clock;

    public ClaimService(LinkService links, SessionService sessions, Clock clock) {
        this.links = links;
        this.repository = links.repository();
        this.sessions = sessions;
        this.clock = clock;
    }

    public ClaimedLink claim(String code) {
        Link link = repository.findByClaimCodeHash(Tokens.hash(code))
                .orElseThrow(() -> new PassageException.NotFound("No link has this claim code."));
        long now = clock.millis();
        refuseUnclaimable(link.asOf(now));
        String sessionId = Tokens.id("session_");
        NewSession wanted = new NewSession(sessionId, link.id(), link.integrationId(), workerOperations(link), link.debug());
        CreatedSession session;
        try {
            session = repository.db().write(h -> repository.claim(link.id(), sessionId, now) ? sessions.create(wanted) : null);
        } catch (RuntimeException e) {
            log.error("Session for link {} could not be created", link.id(), e);
            throw new PassageException.Upstream("The session could not be created; try again.");
        }
        if (session == null) {
            // Someone else's claim won, or the link changed since it was read: say what it is now.
            refuseUnclaimable(repository.findById(link.id()).orElseThrow().asOf(clock.millis()));
            throw new PassageException.Conflict("The link is being claimed by another request.");
        }
        try {
            sessions.launch(session);
        } catch (RuntimeException e) {
            log.error("The worker of session {} could not be started", sessionId, e);
            sessions.abandon(sessionId, "The worker could not be started.");
            repository.revertClaim(link, sessionId);
            throw new PassageException.Upstream("The session could not be started; try again.");
        }
        repository.db().write(h -> {
            repository.findById(link.id()).ifPresent(links::changed);
            return null;
        });
        return new ClaimedLink(link.id(), sessionId, session.clientToken(), session.ticket().websocketUrl(),
                session.expiresAt(), link.returnUrlWithLinkId());
    }

    /** The worker gets each operation with its public arguments; secret ones stay sealed with the link. */
    private static ArrayNode workerOperations(Link link) {
        ArrayNode operations = Json.mapper().createArrayNode();
        for (Link.LinkOperation op : link.operations()) {
            ObjectNode o = operations.addObject().put("resource", op.resource()).put("action", op.action());
            if (op.arguments() != null && !op.arguments().isNull()) {
                o.set("arguments", op.arguments());
            }
        }
        return operations;
    }

    private static void refuseUnclaimable(Link link) {
        switch (link.status()) {
            case ACTIVE -> throw new PassageException.Conflict("The link has been claimed and its session is running.");
            case COMPLETE -> throw new PassageException.Conflict("The link has been used; links are not reusable.");
            case EXPIRED -> throw new PassageException.Gone("The link has expired.");
            case PENDING, FAILED -> { }
        }
    }
}
