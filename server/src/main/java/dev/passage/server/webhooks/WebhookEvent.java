package dev.passage.server.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.passage.server.links.Link;
import dev.passage.server.links.LinkChanged;
import tools.jackson.databind.JsonNode;

/**
 * A webhook's body (docs/api.md §4): {@code {event, linkId, status, result, error, timestamp}} for a link that
 * reached {@code complete} (error null) or {@code failed} (result null); {@code timestamp} is when it
 * did (epoch ms).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record WebhookEvent(String event, String linkId, String status, JsonNode result, Link.LinkError error, long timestamp) {
    static final String COMPLETE = "link.complete";
    static final String FAILED = "link.failed";

    static WebhookEvent of(LinkChanged change) {
        return switch (change.status()) {
            case COMPLETE -> new WebhookEvent(COMPLETE, change.linkId(), "complete", change.result(), null, change.updatedAt());
            case FAILED -> new WebhookEvent(FAILED, change.linkId(), "failed", null, change.error(), change.updatedAt());
            default -> throw new IllegalArgumentException("A " + change.status().wire() + " link sends no webhook");
        };
    }
}
