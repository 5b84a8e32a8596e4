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

    /** Why a link failed: a docs/api.md §3 code and a message for people. */
    public record LinkError(String code, String message) {}

    /** The link as it reads at {@code nowMillis}: past its expiry a pending or failed link is expired. */
    public Link asOf(long nowMillis) {
        if (status.expiresWithTime() && expiresAt <= nowMillis) {
            return new Link(id, orgId, integrationId, operations, externalUserId, webhookUrl, debug, LinkStatus.EXPIRED,
                    currentSessionId, result, error, expiresAt, createdAt, Math.max(updatedAt, expiresAt), sealedArguments);
        }
        return this;
    }
}
