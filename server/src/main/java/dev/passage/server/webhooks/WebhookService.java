package dev.passage.server.webhooks;

import dev.passage.server.config.PassageConfig;
import dev.passage.server.errors.PassageException;
import dev.passage.server.links.LinkChanged;
import dev.passage.server.links.LinkListener;
import dev.passage.server.json.Json;
import dev.passage.server.metrics.Metrics;
import dev.passage.server.secrets.SecretBox;
import dev.passage.server.secrets.Tokens;
import dev.passage.server.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks: signing keys, the delivery outbox, and the operations on a link's deliveries. As a
 * {@link LinkListener} it writes a link's {@code link.complete} / {@code link.failed} delivery in
 * the very transaction that moves the link, so the status and its webhook commit together or not at
 * all, and the status is stored before any attempt (docs/api.md §4).
 */
public final class WebhookService implements LinkListener {
    static final String DELIVERY_PREFIX = "whd_";

    private final WebhookRepository repository;
    private final SigningKeys keys;
    private final PassageConfig config;
    private final RetrySchedule schedule;
    private final Clock clock;
    private final DispatchSignal signal = new DispatchSignal();

    private final Metrics metrics;

    public WebhookService(Database db, SecretBox signingKeyBox, PassageConfig config, Metrics metrics, Clock clock) {
        this.metrics = metrics;
        this.repository = new WebhookRepository(db);
        this.keys = new SigningKeys(repository, signingKeyBox, clock);
        this.config = config;
        this.schedule = new RetrySchedule(config.webhooks().retrySchedule(), config.webhooks().retryJitter(),
                java.util.concurrent.ThreadLocalRandom.current());
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

    @Override
    public void linkChanged(LinkChanged change) {
        if (change.ended()) {
            enqueue(change);
        }
    }

    /**
     * Writes the webhook of a link that just became complete or failed into the outbox, in the current
     * transaction; the dispatcher sends it once that commits (this node is woken at commit, others find
     * it at their next poll). The body is serialized here, once: every attempt and every resend sends
     * exactly these bytes.
     *
     * @return the delivery id ({@code whd_…}), or empty when the link has no webhookUrl
     */
    public Optional<String> enqueue(LinkChanged change) {
        if (change.webhookUrl() == null || change.webhookUrl().isBlank()) {
            return Optional.empty();
        }
        String id = Tokens.id(DELIVERY_PREFIX);
        WebhookEvent event = WebhookEvent.of(change);
        repository.database().write(h -> {
            repository.insertDelivery(h, new WebhookRepository.NewDelivery(id, change.linkId(), change.orgId(),
                    change.webhookUrl(), event.event(), Json.mapper().writeValueAsString(event), change.updatedAt(),
                    schedule.firstAttemptAt(change.updatedAt()), null, clock.millis()));
            return null;
        });
        repository.database().afterCommit(signal::wake);
        return Optional.of(id);
    }

    /** The link's deliveries, newest first, with their attempts (the caller has checked the link is the organization's). */
    public List<Delivery> deliveries(String orgId, String linkId) {
        return repository.forLink(orgId, linkId);
    }

    /**
     * Sends the link's latest event again: a new delivery (new id, its own attempt schedule from now)
     * with the same body bytes to the same URL, signed afresh at each attempt. 404 when the link has had
     * no webhook yet (the caller has checked the link is the organization's).
     */
    public Delivery resend(String orgId, String linkId) {
        Delivery latest = repository.forLink(orgId, linkId).stream().filter(d -> d.resendOf() == null).findFirst()
                .orElseThrow(() -> new PassageException.NotFound("Link " + linkId + " has no webhook to resend yet."));
        long now = clock.millis();
        String id = Tokens.id(DELIVERY_PREFIX);
        repository.database().write(h -> {
            repository.insertDelivery(h, new WebhookRepository.NewDelivery(id, linkId, orgId, latest.url(), latest.event(),
                    latest.body(), now, schedule.firstAttemptAt(now), latest.id(), now));
            return null;
        });
        signal.wake();
        return repository.forLink(orgId, linkId).stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }

    /** What a test webhook came to: its delivery id, event, and the receiver's answer (or why there was none). */
    public record TestDelivery(String deliveryId, String event, Integer statusCode, long latencyMs, String error) {}

    /**
     * Sends one signed webhook of {@code event} ({@code link.complete} or {@code link.failed}) with a
     * sample body to {@code url} now, exactly as a real one is signed and sent, and says what came back;
     * nothing is stored or retried (a sandbox convenience for integrators' receivers).
     */
    public TestDelivery sendTest(String url, String event, JsonNode sampleResult) throws InterruptedException {
        long now = clock.millis();
        String linkId = Tokens.id("link_");
        WebhookEvent body = event.equals(WebhookEvent.COMPLETE)
                ? new WebhookEvent(WebhookEvent.COMPLETE, linkId, "complete", sampleResult, null, now)
                : new WebhookEvent(WebhookEvent.FAILED, linkId, "failed", null, new dev.passage.server.links.Link.LinkError(
                        "AUTOMATION_ERROR", "A test failure sent from the sandbox.", "invalid_credentials"), now);
        byte[] bytes = Json.mapper().writeValueAsBytes(body);
        String deliveryId = Tokens.id(DELIVERY_PREFIX);
        try (WebhookSender sender = new WebhookSender(config.webhooks().timeout(), config.webhooks().allowPrivateAddresses(), clock)) {
            WebhookSender.Outcome outcome = sender.send(url, WebhookSender.headers(keys.sign(bytes, now), deliveryId, event), bytes);
            return new TestDelivery(deliveryId, event, outcome.statusCode(), outcome.latencyMs(), outcome.error());
        }
    }

    /** A dispatcher for this node, started; close it before the database. */
    /**
     * Starts sending as {@code nodeId}, a name the node keeps across restarts: first the deliveries it
     * was sending when it last stopped are freed (their attempts may have reached the receiver or not;
     * delivery is at least once, and receivers deduplicate on X-Passage-Delivery-Id).
     */
    public WebhookDispatcher startDispatcher(String nodeId) {
        int freed = repository.releaseLeasesOf(nodeId);
        if (freed > 0) {
            org.slf4j.LoggerFactory.getLogger(WebhookService.class)
                    .warn("{} webhook delivery(ies) this node was sending when it stopped are due again", freed);
        }
        return new WebhookDispatcher(repository, keys, config.webhooks(), schedule, metrics, clock, signal, nodeId).start();
    }
}
