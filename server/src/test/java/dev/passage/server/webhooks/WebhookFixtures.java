package dev.passage.server.webhooks;

import dev.passage.server.Passage;
import dev.passage.server.json.Json;
import dev.passage.server.links.Link;
import dev.passage.server.links.LinkChanged;
import dev.passage.server.links.LinkStatus;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stands in for a session's end: it enqueues a link's change in a write transaction exactly as the
 * link-status transition does, for a link that really exists.
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

    /** The change of a link that just completed with {@link #RESULT}. */
    static LinkChanged completed(String linkId, String orgId, String url, long at) {
        return new LinkChanged(linkId, orgId, LinkStatus.COMPLETE, at, RESULT, null, url);
    }

    static Optional<String> complete(Passage passage, Clock clock, String orgId, String linkId, String url) {
        return passage.database().write(h -> passage.webhooks().enqueue(completed(linkId, orgId, url, clock.millis())));
    }

    static Optional<String> failed(Passage passage, Clock clock, String orgId, String linkId, String url) {
        return passage.database().write(h -> passage.webhooks().enqueue(new LinkChanged(linkId, orgId, LinkStatus.FAILED,
                clock.millis(), null, new Link.LinkError("AUTOMATION_ERROR", "The portal said \"no\".", "site_unavailable"), url)));
    }

    /** The delivery with {@code id} as the service reads it. */
    static Delivery delivery(Passage passage, String orgId, String linkId, String id) {
        return passage.webhooks().deliveries(orgId, linkId).stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }

    static List<Integer> statusCodes(Delivery d) {
        return d.attempts().stream().map(Delivery.Attempt::statusCode).toList();
    }
}
