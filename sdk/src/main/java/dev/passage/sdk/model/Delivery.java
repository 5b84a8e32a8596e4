package dev.passage.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passage.sdk.internal.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One webhook delivery of a link (an event, or a resend of one) with every attempt made so far.
 *
 * @param id the delivery id, {@code whd_…}: the {@code X-Passage-Delivery-Id} of each of its attempts
 * @param linkId the link
 * @param event {@code link.complete} or {@code link.failed}
 * @param url where it is sent
 * @param status the delivery's state as the server names it ({@code pending}, {@code delivered}, {@code failed})
 * @param resendOf the delivery this one resends, if it is a resend
 * @param payload the body sent, parsed
 * @param nextAttemptAt when the next attempt is due, while one is
 * @param createdAt when the delivery was made
 * @param attempts the attempts, oldest first
 * @param json the JSON this was read from
 */
public record Delivery(String id, String linkId, String event, String url, String status, Optional<String> resendOf,
                       JsonNode payload, Optional<Instant> nextAttemptAt, Instant createdAt, List<Attempt> attempts,
                       JsonNode json) implements JsonModel {
    /** Keeps its own copies. */
    public Delivery {
        payload = Json.frozen(payload);
        attempts = List.copyOf(attempts);
        json = Json.frozen(json);
    }

    /**
     * One try at sending a delivery.
     *
     * @param number 1 for the first attempt
     * @param startedAt when it started
     * @param statusCode the receiver's HTTP status, when one came back
     * @param latency how long it took
     * @param error why it failed, when it did
     * @param keyId the kid of the signing key it was signed with
     * @param json the JSON this was read from
     */
    public record Attempt(int number, Instant startedAt, OptionalInt statusCode, Duration latency, Optional<String> error,
                          Optional<String> keyId, JsonNode json) implements JsonModel {
        /** Keeps its own copy of the JSON. */
        public Attempt {
            json = Json.frozen(json);
        }

        /** Reads an attempt object. */
        public static Attempt fromJson(JsonNode node) {
            Json.requireObject(node, "attempt");
            JsonNode status = Json.present(node, "statusCode");
            return new Attempt((int) Json.number(node, "number"), Json.instant(node, "startedAt"),
                    status == null ? OptionalInt.empty() : OptionalInt.of(status.asInt()),
                    Duration.ofMillis(node.path("latencyMs").asLong()), Json.optString(node, "error"),
                    Json.optString(node, "keyId"), node);
        }

        @Override
        public JsonNode json() {
            return json.deepCopy();
        }
    }

    /** Reads a delivery object. */
    public static Delivery fromJson(JsonNode node) {
        Json.requireObject(node, "delivery");
        return new Delivery(Json.string(node, "id"), Json.string(node, "linkId"), Json.stringOrEmpty(node, "event"),
                Json.stringOrEmpty(node, "url"), Json.stringOrEmpty(node, "status"), Json.optString(node, "resendOf"),
                node.path("payload"), Json.optInstant(node, "nextAttemptAt"), Json.instant(node, "createdAt"),
                Json.list(node, "attempts", Attempt::fromJson), node);
    }

    /** A copy of the body that was sent. */
    @Override
    public JsonNode payload() {
        return payload.deepCopy();
    }

    @Override
    public JsonNode json() {
        return json.deepCopy();
    }
}
