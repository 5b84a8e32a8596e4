package dev.passage.server.webhooks;

import dev.passage.server.Passage;
import dev.passage.server.http.Json;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stands in for the link-status transition, which lands on another branch: it enqueues the event in a
 * write transaction exactly as the transition will, for a link that really exists.
 */
final class WebhookFixtures {
    static final JsonNode RESULT = Json.mapper().readTree("""
            {"paymentMethods":[{"order":1,"vendorId":"pm_1","last4":"4242","type":"credit_card","isDefault":true,"raw":{"é":"ü ✓"}}]}""");

    private WebhookFixtures() {}

    /** A new organization; returns its id. */
    static String newOrg(Passage passage) {
        return passage.orgs().createOrganization("Webhook org").id();
    }

    /** A pending link of {@code orgId} with {@code webhookUrl} (or none); returns its id. */
    static String newLink(Passage passage, String orgId, String webhookUrl) {
        ObjectNode body = (ObjectNode) Json.mapper().readTree("""
                {"integrationId":"tmobile","resource":"paymentMethod","action":"read"}""");
        if (webhookUrl != null) {
            body.put("webhookUrl", webhookUrl);
        }
        return passage.links().create(orgId, body).link().id();
    }

    static Optional<String> complete(Passage passage, Clock clock, String orgId, String linkId, String url) {
        return passage.database().write(h -> passage.webhooks().enqueueInTransaction(h,
                LinkEvent.complete(linkId, orgId, url, RESULT, clock.millis())));
    }

    static Optional<String> failed(Passage passage, Clock clock, String orgId, String linkId, String url) {
        return passage.database().write(h -> passage.webhooks().enqueueInTransaction(h,
                LinkEvent.failed(linkId, orgId, url, "AUTOMATION_ERROR", "The portal said \"no\".", clock.millis())));
    }

    /** The delivery with {@code id} as the service reads it. */
    static Delivery delivery(Passage passage, String orgId, String linkId, String id) {
        return passage.webhooks().deliveries(orgId, linkId).stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }

    static List<Integer> statusCodes(Delivery d) {
        return d.attempts().stream().map(Delivery.Attempt::statusCode).toList();
    }
}
