package dev.passage.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passage.sdk.internal.HttpTransport;
import dev.passage.sdk.internal.Json;
import dev.passage.sdk.model.JsonModel;
import dev.passage.sdk.model.Link;
import dev.passage.sdk.webhooks.WebhookEventType;
import java.util.Objects;

/**
 * {@code /v1/sandbox/*}: drive a link to complete or failed without a device, and send a test
 * webhook. A sandbox server only: a production server answers 404 ({@link dev.passage.sdk.errors.NotFoundException}).
 * Driving an expired link is an {@link dev.passage.sdk.errors.ExpiredException}, a complete one a
 * {@link dev.passage.sdk.errors.ConflictException}.
 */
public final class Sandbox {
    private final HttpTransport transport;
    private final Links links;

    Sandbox(HttpTransport transport, Links links) {
        this.transport = transport;
        this.links = links;
    }

    /** Completes the link with the sandbox's own data for its operations; returns the link as it reads now. */
    public Link completeLink(String linkId) {
        return complete(linkId, Json.object());
    }

    /** Completes the link with {@code result} (checked against the operations' result schemas). */
    public Link completeLink(String linkId, JsonNode result) {
        return complete(linkId, Json.object().set("result", Objects.requireNonNull(result, "result").deepCopy()));
    }

    /** Completes the link with a typed result, e.g. a {@link dev.passage.sdk.model.PaymentMethods}. */
    public Link completeLink(String linkId, JsonModel result) {
        return completeLink(linkId, result.json());
    }

    /** Fails the link with an error code ({@code AUTOMATION_ERROR}), a reason ({@code invalid_credentials}, may be null) and a message. */
    public Link failLink(String linkId, String code, String reason, String message) {
        ObjectNode body = Json.object().put("code", Objects.requireNonNull(code, "code"));
        if (reason != null) {
            body.put("reason", reason);
        }
        if (message != null) {
            body.put("message", message);
        }
        transport.post(path(linkId) + "/fail", body, RequestOptions.NONE);
        return links.get(linkId);
    }

    /** Sends a signed sample webhook of {@code event} to {@code url}; returns the server's answer as JSON. */
    public JsonNode sendTestWebhook(String url, WebhookEventType event) {
        if (event == WebhookEventType.UNKNOWN) {
            throw new IllegalArgumentException("choose link.complete or link.failed");
        }
        JsonNode answer = transport.post("/v1/sandbox/webhooks/test",
                Json.object().put("url", Objects.requireNonNull(url, "url")).put("event", event.wire()), RequestOptions.NONE).body();
        return answer == null ? Json.object() : answer;
    }

    private Link complete(String linkId, ObjectNode body) {
        transport.post(path(linkId) + "/complete", body, RequestOptions.NONE);
        return links.get(linkId);
    }

    private static String path(String linkId) {
        return "/v1/sandbox/links/" + HttpTransport.segment(linkId);
    }
}
