package dev.passage.server.webhooks;

import dev.passage.server.config.PassageConfig;
import dev.passage.server.errors.PassageException;
import dev.passage.server.http.Json;
import dev.passage.server.secrets.SecretBox;
import dev.passage.server.secrets.Tokens;
import dev.passage.server.store.Database;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Webhooks: signing keys, the delivery outbox, and the operations on a link's deliveries. */
public final class WebhookService {
    static final String DELIVERY_PREFIX = "whd_";

    /** Checks that a link exists in an organization, throwing {@link PassageException.NotFound} when not. */
    @FunctionalInterface
    public interface LinkCheck {
        void requireLink(String orgId, String linkId);
    }

    private final WebhookRepository repository;
    private final SigningKeys keys;
    private final LinkCheck links;
    private final PassageConfig config;
    private final Clock clock;
    private final DispatchSignal signal = new DispatchSignal();

    public WebhookService(Database db, SecretBox signingKeyBox, LinkCheck links, PassageConfig config, Clock clock) {
        this.repository = new WebhookRepository(db);
        this.keys = new SigningKeys(repository, signingKeyBox, clock);
        this.links = links;
        this.config = config;
        this.clock = clock;
    }

    /** The SecretBox purpose the signing keys are sealed under. */
    public static String signingKeyPurpose() {
        return SigningKeys.SEALED_PURPOSE;
    }

    /** Makes the first signing key if there is none yet; returns the current one. */
    public SigningKey ensureSigningKey() {
        return keys.ensureOne();
    }

    /** Retires the current signing key and makes a new one; new signatures use it at once, on every node. */
    public SigningKey rotateSigningKey() {
        return keys.rotate();
    }

    /** Every signing key, oldest first, retired ones included. */
    public List<SigningKey> signingKeys() {
        return keys.all();
    }

    /** The public key for {@code kid}, retired or not; 404 when there is no such key. */
    public SigningKey verificationKey(String kid) {
        return keys.find(kid).orElseThrow(() -> new PassageException.NotFound("No webhook verification key with id " + kid + "."));
    }

    /**
     * Writes the webhook for a link that just became complete or failed into the outbox.
     *
     * <p><b>The link-status transition (active → complete / failed) must call this with the handle of
     * the very transaction that writes the new status</b>: then the status and its webhook commit
     * together or not at all, and the status is stored before any attempt (SPEC §4). The dispatcher
     * sends it once the transaction commits (this node is woken at commit; others find it at their
     * next poll).
     *
     * <p>The body ({@code {event, linkId, status, result|error, timestamp}}) is serialized here, once;
     * every attempt and every resend sends exactly these bytes.
     *
     * @return the delivery id ({@code whd_…}), or empty when the link has no webhookUrl
     */
    public Optional<String> enqueueInTransaction(Handle h, LinkEvent event) {
        if (event.webhookUrl() == null || event.webhookUrl().isBlank()) {
            return Optional.empty();
        }
        String id = Tokens.id(DELIVERY_PREFIX);
        repository.insertDelivery(h, new WebhookRepository.NewDelivery(id, event.linkId(), event.orgId(),
                event.webhookUrl(), event.type().event(), body(event), event.timestamp(),
                event.timestamp() + firstOffsetMillis(), null, clock.millis()));
        h.afterCommit(signal::wake);
        return Optional.of(id);
    }

    private long firstOffsetMillis() {
        return config.webhooks().retrySchedule().getFirst().toMillis();
    }

    static String body(LinkEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event.type().event());
        body.put("linkId", event.linkId());
        body.put("status", event.type().status());
        switch (event.type()) {
            case COMPLETE -> body.put("result", event.result());
            case FAILED -> {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("code", event.error().code());
                error.put("message", event.error().message());
                body.put("error", error);
            }
        }
        body.put("timestamp", event.timestamp());
        return Json.mapper().writeValueAsString(body);
    }

    /** The link's deliveries, newest first, with their attempts; 404 when the link is not this organization's. */
    public List<Delivery> deliveries(String orgId, String linkId) {
        links.requireLink(orgId, linkId);
        return repository.forLink(orgId, linkId);
    }

    /**
     * Sends the link's latest event again: a new delivery (new id, its own attempt schedule from now)
     * with the same body bytes to the same URL, signed afresh at each attempt. 404 when the link is not
     * this organization's or has had no webhook yet.
     */
    public Delivery resend(String orgId, String linkId) {
        links.requireLink(orgId, linkId);
        Delivery latest = repository.forLink(orgId, linkId).stream().filter(d -> d.resendOf() == null).findFirst()
                .orElseThrow(() -> new PassageException.NotFound("Link " + linkId + " has no webhook to resend yet."));
        long now = clock.millis();
        String id = Tokens.id(DELIVERY_PREFIX);
        repository.database().write(h -> {
            repository.insertDelivery(h, new WebhookRepository.NewDelivery(id, linkId, orgId, latest.url(), latest.event(),
                    latest.body(), now, now + firstOffsetMillis(), latest.id(), now));
            h.afterCommit(signal::wake);
            return null;
        });
        return repository.forLink(orgId, linkId).stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }

    /** A dispatcher for this node, started; close it before the database. */
    public WebhookDispatcher startDispatcher() {
        return new WebhookDispatcher(repository, keys, config.webhooks(), clock, signal, Tokens.id("node_")).start();
    }
}
