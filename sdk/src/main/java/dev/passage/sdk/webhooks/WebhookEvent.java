package dev.passage.sdk.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passage.sdk.internal.Json;
import dev.passage.sdk.model.JsonModel;
import dev.passage.sdk.model.LinkError;
import dev.passage.sdk.model.LinkResult;
import dev.passage.sdk.model.LinkStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * A verified webhook: a link became complete (with its result) or failed (with its error).
 *
 * @param type {@code link.complete} or {@code link.failed}
 * @param linkId the link
 * @param status the link's status the event reports
 * @param result the link's result, for {@code link.complete}
 * @param error why the link failed, for {@code link.failed}
 * @param timestamp when the link changed
 * @param deliveryId the {@code X-Passage-Delivery-Id}, the same on every attempt of one delivery: drop duplicates by it
 * @param keyId the kid of the key that signed it
 * @param json the body, parsed
 */
public record WebhookEvent(WebhookEventType type, String linkId, LinkStatus status, Optional<LinkResult> result,
                           Optional<LinkError> error, Instant timestamp, Optional<String> deliveryId, String keyId,
                           JsonNode json) implements JsonModel {
    /** Keeps its own copy of the JSON. */
    public WebhookEvent {
        json = Json.frozen(json);
    }

    /** Reads a webhook body (already verified) with the delivery id and kid from its headers. */
    public static WebhookEvent fromJson(JsonNode body, String deliveryId, String keyId) {
        Json.requireObject(body, "webhook body");
        JsonNode result = Json.present(body, "result");
        JsonNode error = Json.present(body, "error");
        return new WebhookEvent(WebhookEventType.fromWire(Json.stringOrEmpty(body, "event")), Json.string(body, "linkId"),
                LinkStatus.fromWire(Json.stringOrEmpty(body, "status")),
                Optional.ofNullable(result).map(LinkResult::fromJson),
                error != null && error.isObject() ? Optional.of(LinkError.fromJson(error)) : Optional.empty(),
                Json.instant(body, "timestamp"), Optional.ofNullable(deliveryId), keyId, body);
    }

    @Override
    public JsonNode json() {
        return json.deepCopy();
    }
}
