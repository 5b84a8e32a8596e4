package dev.passage.server.links;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A link intent as stored. Operation arguments hold only the public part; secret arguments live
 * sealed in {@code sealedArguments} and never leave the service.
 */
public record Link(
        String id,
        String orgId,
        String integrationId,
        List<LinkOperation> operations,
        String externalUserId,
        String webhookUrl,
        String returnUrl,
        boolean debug,
        LinkStatus status,
        String currentSessionId,
        JsonNode result,
        LinkError error,
        long expiresAt,
        long createdAt,
        long updatedAt,
        String sealedArguments) {

    /** One operation of a link, with its public arguments (or null). */
    public record LinkOperation(String resource, String action, JsonNode arguments) {}

    /**
     * Why a link failed: a docs/api.md §3 code, a stable lower-case reason an integrator can act on
     * ({@link dev.passage.protocol.FailureReason}), and a message for people.
     */
    public record LinkError(String code, String message, String reason,
                            @com.fasterxml.jackson.annotation.JsonInclude(
                                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String details) {
        public LinkError(String code, String message, String reason) {
            this(code, message, reason, null);
        }
    }

    /** The link's {@code returnUrl} with {@code linkId=<id>} added to its query, or null when it has none. */
    public String returnUrlWithLinkId() {
        if (returnUrl == null) {
            return null;
        }
        int hash = returnUrl.indexOf('#');
        String head = hash < 0 ? returnUrl : returnUrl.substring(0, hash);
        String fragment = hash < 0 ? "" : returnUrl.substring(hash);
        String separator = head.contains("?") ? (head.endsWith("?") || head.endsWith("&") ? "" : "&") : "?";
        return head + separator + "linkId=" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)
                + fragment;
    }

    /** The link as it reads at {@code nowMillis}: past its expiry a pending or failed link is expired. */
    public Link asOf(long nowMillis) {
        if (status.expiresWithTime() && expiresAt <= nowMillis) {
            return new Link(id, orgId, integrationId, operations, externalUserId, webhookUrl, returnUrl, debug, LinkStatus.EXPIRED,
                    currentSessionId, result, error, expiresAt, createdAt, Math.max(updatedAt, expiresAt), sealedArguments);
        }
        return this;
    }
}
