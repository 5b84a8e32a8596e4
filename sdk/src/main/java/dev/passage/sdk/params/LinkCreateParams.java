package dev.passage.sdk.params;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passage.sdk.internal.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The body of {@code POST /v1/links}. Give the integration and either one operation
 * ({@link Builder#operation(String, String)}, optionally with arguments) or several
 * ({@link Builder#addOperation(OperationParams)}); not both.
 *
 * <pre>{@code
 * LinkCreateParams.builder()
 *     .integrationId("tmobile")
 *     .operation("paymentMethod", "read")
 *     .externalUserId("user_123")
 *     .webhookUrl("https://api.example.com/webhooks/passage")
 *     .build();
 * }</pre>
 */
public final class LinkCreateParams {
    private final ObjectNode body;

    private LinkCreateParams(ObjectNode body) {
        this.body = body;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A copy of the JSON body this sends. */
    public ObjectNode toJson() {
        return body.deepCopy();
    }

    /** The integration and operations, never the arguments (a write's hold a card number). */
    @Override
    public String toString() {
        List<String> ops = new ArrayList<>();
        JsonNode list = body.path("operations");
        if (list.isArray()) {
            list.forEach(op -> ops.add(op.path("resource").asText() + "." + op.path("action").asText()));
        } else {
            ops.add(body.path("resource").asText() + "." + body.path("action").asText());
        }
        return "LinkCreateParams[" + body.path("integrationId").asText() + " " + ops + "]";
    }

    /** Builds {@link LinkCreateParams}. */
    public static final class Builder {
        private String integrationId;
        private OperationParams single;
        private final List<OperationParams> operations = new ArrayList<>();
        private String externalUserId;
        private String webhookUrl;
        private Boolean debug;
        private Long expiresInSeconds;
        private String returnUrl;
        private ObjectNode extra;

        private Builder() {}

        /** The integration, e.g. {@code tmobile}, {@code att}, {@code verizon}, {@code ubereats}, {@code apple-review}. Required. */
        public Builder integrationId(String integrationId) {
            this.integrationId = integrationId;
            return this;
        }

        /** The one operation, without arguments (sent as top-level {@code resource} and {@code action}). */
        public Builder operation(String resource, String action) {
            this.single = OperationParams.of(resource, action);
            return this;
        }

        /** The one operation, with typed arguments. */
        public Builder operation(String resource, String action, OperationArguments arguments) {
            this.single = OperationParams.of(resource, action, arguments);
            return this;
        }

        /** The one operation, with arguments as any JSON object. */
        public Builder operation(String resource, String action, JsonNode arguments) {
            this.single = OperationParams.of(resource, action, arguments);
            return this;
        }

        /** Adds an operation to the {@code operations} list; they run in the order added. */
        public Builder addOperation(OperationParams operation) {
            this.operations.add(Objects.requireNonNull(operation, "operation"));
            return this;
        }

        /** Sets the {@code operations} list. */
        public Builder operations(List<OperationParams> operations) {
            this.operations.clear();
            operations.forEach(this::addOperation);
            return this;
        }

        /** Your own id for the user, to find their links by. */
        public Builder externalUserId(String externalUserId) {
            this.externalUserId = externalUserId;
            return this;
        }

        /** Where the signed webhooks go. */
        public Builder webhookUrl(String webhookUrl) {
            this.webhookUrl = webhookUrl;
            return this;
        }

        /** Records a step-by-step trace of the session. */
        public Builder debug(boolean debug) {
            this.debug = debug;
            return this;
        }

        /** The link's time to live, in whole seconds (the server's default when not set). */
        public Builder expiresIn(Duration expiresIn) {
            this.expiresInSeconds = expiresIn.toSeconds();
            return this;
        }

        /** Where the user goes when the session ends: {@code https://…} or an app's own scheme. */
        public Builder returnUrl(String returnUrl) {
            this.returnUrl = returnUrl;
            return this;
        }

        /** Sends a body field this SDK does not know yet (the server rejects fields it does not know). */
        public Builder putExtra(String field, JsonNode value) {
            if (extra == null) {
                extra = Json.object();
            }
            extra.set(field, value.deepCopy());
            return this;
        }

        /** The parameters; throws when the integration is missing or the operations are given both ways or not at all. */
        public LinkCreateParams build() {
            if (integrationId == null || integrationId.isBlank()) {
                throw new IllegalArgumentException("integrationId is required");
            }
            if (single != null && !operations.isEmpty()) {
                throw new IllegalArgumentException("give either operation(resource, action) or addOperation(...), not both");
            }
            if (single == null && operations.isEmpty()) {
                throw new IllegalArgumentException("an operation is required: operation(resource, action) or addOperation(...)");
            }
            ObjectNode body = Json.object().put("integrationId", integrationId);
            if (single != null) {
                body.put("resource", single.resource()).put("action", single.action());
                single.arguments().ifPresent(a -> body.set("arguments", a));
            } else {
                ArrayNode list = body.putArray("operations");
                operations.forEach(op -> list.add(op.toJson()));
            }
            if (externalUserId != null) {
                body.put("externalUserId", externalUserId);
            }
            if (webhookUrl != null) {
                body.put("webhookUrl", webhookUrl);
            }
            if (debug != null) {
                body.put("debug", debug);
            }
            if (expiresInSeconds != null) {
                body.put("expiresIn", expiresInSeconds);
            }
            if (returnUrl != null) {
                body.put("returnUrl", returnUrl);
            }
            if (extra != null) {
                body.setAll(extra);
            }
            return new LinkCreateParams(body);
        }
    }
}
