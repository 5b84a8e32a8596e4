package dev.passage.sdk;

import dev.passage.sdk.errors.NotFoundException;
import dev.passage.sdk.internal.HttpTransport;
import dev.passage.sdk.internal.Json;
import dev.passage.sdk.model.Delivery;
import dev.passage.sdk.webhooks.VerificationKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A link's webhook deliveries ({@code /v1/links/:id/webhooks}) and the public verification keys. */
public final class Webhooks {
    private final HttpTransport transport;

    Webhooks(HttpTransport transport) {
        this.transport = transport;
    }

    /** The link's deliveries, newest first, each with every attempt. */
    public List<Delivery> deliveries(String linkId) {
        return deliveries(linkId, RequestOptions.NONE);
    }

    /** The link's deliveries, with per-call options. */
    public List<Delivery> deliveries(String linkId, RequestOptions options) {
        return Json.list(transport.get(path(linkId), Map.of(), options).body(), "deliveries", Delivery::fromJson);
    }

    /** Sends the link's latest event again: a new delivery, same body, fresh signature (202). */
    public Delivery resend(String linkId) {
        return resend(linkId, RequestOptions.NONE);
    }

    /** Resends, with per-call options; with an idempotency key it is retried safely. */
    public Delivery resend(String linkId, RequestOptions options) {
        return Delivery.fromJson(transport.post(path(linkId) + "/resend", null, options).body());
    }

    /** The public key for a signature's kid ({@code POST /webhook_verification_key/get}); empty when the server has none. */
    public Optional<VerificationKey> verificationKey(String keyId) {
        try {
            return Optional.of(VerificationKey.fromJson(transport.post("/webhook_verification_key/get",
                    Json.object().put("key_id", keyId), RequestOptions.NONE).body()));
        } catch (NotFoundException unknown) {
            return Optional.empty();
        }
    }

    private static String path(String linkId) {
        return "/v1/links/" + HttpTransport.segment(linkId) + "/webhooks";
    }
}
