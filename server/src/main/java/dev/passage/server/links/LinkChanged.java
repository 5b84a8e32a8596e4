package dev.passage.server.links;

import tools.jackson.databind.JsonNode;

/**
 * A link's status changed: the one event every part that follows links reads. {@link LinkListener}s
 * get it inside the transaction that made the change (the webhook outbox commits with it);
 * {@code /link/ws} subscribers get it through the event bus once it has committed.
 *
 * @param result set when complete
 * @param error set when failed
 * @param webhookUrl where the link's webhooks go, or null
 */
public record LinkChanged(String linkId, String orgId, LinkStatus status, long updatedAt, JsonNode result,
                          Link.LinkError error, String webhookUrl) {

    /** The change that made {@code link} what it is. */
    static LinkChanged of(Link link) {
        return new LinkChanged(link.id(), link.orgId(), link.status(), link.updatedAt(), link.result(), link.error(),
                link.webhookUrl());
    }

    /** Whether the link reached {@code complete} or {@code failed}: the changes that send a webhook. */
    public boolean ended() {
        return status == LinkStatus.COMPLETE || status == LinkStatus.FAILED;
    }
}
