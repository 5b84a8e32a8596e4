package dev.passage.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passage.sdk.internal.Json;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A link as {@code GET /v1/links/:id} returns it. In a list ({@code GET /v1/links}) the result and
 * error are never set.
 *
 * @param id the link id, {@code link_…}
 * @param integrationId the integration, e.g. {@code tmobile}
 * @param operations the operations, in the order they were given
 * @param resource the first operation's resource
 * @param action the first operation's action
 * @param externalUserId the caller's own user id, if one was given
 * @param status where the link is in its life
 * @param currentSessionId the latest session, once the link was claimed
 * @param result the result, once complete
 * @param error why it failed, once failed
 * @param expiresAt when it expires
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param returnUrl where the user goes after the session, with {@code linkId} added, if one was given
 * @param json the JSON this was read from
 */
public record Link(String id, String integrationId, List<Operation> operations, String resource, String action,
                   Optional<String> externalUserId, LinkStatus status, Optional<String> currentSessionId,
                   Optional<LinkResult> result, Optional<LinkError> error, Instant expiresAt, Instant createdAt,
                   Instant updatedAt, Optional<String> returnUrl, JsonNode json) implements JsonModel {
    /** Keeps its own copies. */
    public Link {
        operations = List.copyOf(operations);
        json = Json.frozen(json);
    }

    /** Reads a link object. */
    public static Link fromJson(JsonNode node) {
        Json.requireObject(node, "link");
        List<Operation> operations = Json.list(node, "operations", Operation::fromJson);
        JsonNode result = Json.present(node, "result");
        JsonNode error = Json.present(node, "error");
        return new Link(Json.string(node, "id"), Json.string(node, "integrationId"), operations,
                Json.optString(node, "resource").orElse(operations.isEmpty() ? "" : operations.get(0).resource()),
                Json.optString(node, "action").orElse(operations.isEmpty() ? "" : operations.get(0).action()),
                Json.optString(node, "externalUserId"), LinkStatus.fromWire(Json.stringOrEmpty(node, "status")),
                Json.optString(node, "currentSessionId"),
                Optional.ofNullable(result).map(r -> new LinkResult(r, operations)),
                error != null && error.isObject() ? Optional.of(LinkError.fromJson(error)) : Optional.empty(),
                Json.instant(node, "expiresAt"), Json.instant(node, "createdAt"), Json.instant(node, "updatedAt"),
                Json.optString(node, "returnUrl"), node);
    }

    /** Each operation's result in order; empty until the link is complete. */
    public List<OperationResult> operationResults() {
        return result.map(LinkResult::operationResults).orElse(List.of());
    }

    @Override
    public JsonNode json() {
        return json.deepCopy();
    }
}
