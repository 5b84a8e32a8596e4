package dev.passage.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passage.sdk.internal.Json;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A link just created ({@code POST /v1/links}, 201): the only answer that carries its claim code.
 *
 * @param linkId the link id, {@code link_…}
 * @param claimCode the claim code, {@code clm_…}: the secret the user's device claims the link with
 * @param integrationId the integration
 * @param operations the operations, in order
 * @param resource the first operation's resource
 * @param action the first operation's action
 * @param status {@link LinkStatus#PENDING}
 * @param appClipUrl the URL the user opens, carrying the claim code
 * @param returnUrl the return URL with {@code linkId} added, when one was given
 * @param expiresAt when the link expires
 * @param createdAt when it was created
 * @param json the JSON this was read from
 */
public record CreatedLink(String linkId, String claimCode, String integrationId, List<Operation> operations,
                          String resource, String action, LinkStatus status, String appClipUrl,
                          Optional<String> returnUrl, Instant expiresAt, Instant createdAt, JsonNode json)
        implements JsonModel {
    /** Keeps its own copies. */
    public CreatedLink {
        operations = List.copyOf(operations);
        json = Json.frozen(json);
    }

    /** Reads a 201 answer of {@code POST /v1/links}. */
    public static CreatedLink fromJson(JsonNode node) {
        Json.requireObject(node, "created link");
        List<Operation> operations = Json.list(node, "operations", Operation::fromJson);
        return new CreatedLink(Json.string(node, "linkId"), Json.string(node, "claimCode"),
                Json.string(node, "integrationId"), operations,
                Json.optString(node, "resource").orElse(operations.isEmpty() ? "" : operations.get(0).resource()),
                Json.optString(node, "action").orElse(operations.isEmpty() ? "" : operations.get(0).action()),
                LinkStatus.fromWire(Json.stringOrEmpty(node, "status")), Json.string(node, "appClipUrl"),
                Json.optString(node, "returnUrl"), Json.instant(node, "expiresAt"), Json.instant(node, "createdAt"), node);
    }

    /** Hides the claim code, a secret. */
    @Override
    public String toString() {
        return "CreatedLink[linkId=" + linkId + ", integrationId=" + integrationId + ", status=" + status.wire()
                + ", expiresAt=" + expiresAt + "]";
    }

    @Override
    public JsonNode json() {
        return json.deepCopy();
    }
}
