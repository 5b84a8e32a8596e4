package dev.passage.server.webhooks;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A link reaching {@code complete} or {@code failed}, as the webhook outbox needs it: who to tell
 * ({@code webhookUrl}, null when the link has none), what happened, and when ({@code timestamp},
 * epoch milliseconds from the injected clock).
 */
public record LinkEvent(String linkId, String orgId, String webhookUrl, Type type, JsonNode result, Error error,
        long timestamp) {

    /** The two events a link sends (SPEC §4). */
    public enum Type {
        COMPLETE("link.complete", "complete"), FAILED("link.failed", "failed");

        private final String event;
        private final String status;

        Type(String event, String status) {
            this.event = event;
            this.status = status;
        }

        /** The body's {@code event} and the {@code X-Passage-Event} header. */
        public String event() {
            return event;
        }

        /** The link status the event reports. */
        public String status() {
            return status;
        }
    }

    /** Why a link failed: a SPEC §3 code and a message for people. */
    public record Error(String code, String message) {}

    public LinkEvent {
        Objects.requireNonNull(linkId, "linkId");
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(type, "type");
        if (type == Type.FAILED && error == null) {
            throw new IllegalArgumentException("A link.failed event needs an error");
        }
    }

    /** The link completed with {@code result}. */
    public static LinkEvent complete(String linkId, String orgId, String webhookUrl, JsonNode result, long timestamp) {
        return new LinkEvent(linkId, orgId, webhookUrl, Type.COMPLETE, result, null, timestamp);
    }

    /** The link failed with {@code code} and {@code message}. */
    public static LinkEvent failed(String linkId, String orgId, String webhookUrl, String code, String message,
            long timestamp) {
        return new LinkEvent(linkId, orgId, webhookUrl, Type.FAILED, null, new Error(code, message), timestamp);
    }
}
