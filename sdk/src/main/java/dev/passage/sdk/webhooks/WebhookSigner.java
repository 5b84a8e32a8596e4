package dev.passage.sdk.webhooks;

import dev.passage.sdk.internal.Es256;
import dev.passage.sdk.internal.Json;
import dev.passage.sdk.internal.Jws;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Signs webhook bodies exactly as the server does, for integrators' tests: an EC P-256 key pair,
 * a kid, and the four {@code X-Passage-*} headers. It is also the key source of a
 * {@link WebhookVerifier}, so a test needs no server:
 *
 * <pre>{@code
 * WebhookSigner signer = WebhookSigner.generate();
 * WebhookVerifier verifier = WebhookVerifier.builder().keySource(signer).clock(clock).build();
 * byte[] body = "{\"event\":\"link.complete\",…}".getBytes(UTF_8);
 * WebhookEvent event = verifier.verify(body, signer.headers(body, clock.instant(), "link.complete")::get);
 * }</pre>
 */
public final class WebhookSigner implements VerificationKeySource {
    private final String keyId;
    private final KeyPair keyPair;

    private WebhookSigner(String keyId, KeyPair keyPair) {
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("a kid is required");
        }
        if (!(keyPair.getPublic() instanceof ECPublicKey ec)) {
            throw new IllegalArgumentException("an EC P-256 key pair is required");
        }
        Es256.requireP256(ec);
        this.keyId = keyId;
        this.keyPair = keyPair;
    }

    /** A signer with a new EC P-256 key pair and a new kid ({@code whk_test…}). */
    public static WebhookSigner generate() {
        return new WebhookSigner("whk_test" + UUID.randomUUID().toString().replace("-", ""), Es256.generate());
    }

    /** A signer with your own kid and EC P-256 key pair. */
    public static WebhookSigner of(String keyId, KeyPair keyPair) {
        return new WebhookSigner(keyId, keyPair);
    }

    /** The kid its signatures name. */
    public String keyId() {
        return keyId;
    }

    /** The public key, as the server's key endpoint would serve it. */
    public VerificationKey verificationKey() {
        String pem = Es256.pem(keyPair.getPublic());
        return new VerificationKey(keyId, (ECPublicKey) keyPair.getPublic(), pem, WebhookVerifier.ALGORITHM,
                Optional.empty(), Optional.empty(), Json.object().put("key_id", keyId).put("key", pem)
                        .put("algorithm", WebhookVerifier.ALGORITHM));
    }

    /** The compact ES256 JWS of {@code body} at {@code at}: header {alg, typ, kid}, payload {iat, request_body_sha256}. */
    public String sign(byte[] body, Instant at) {
        String header = Jws.encode(Json.bytes(Json.object().put("alg", WebhookVerifier.ALGORITHM).put("typ", "JWT")
                .put("kid", keyId)));
        String payload = Jws.encode(Json.bytes(Json.object().put("iat", at.getEpochSecond())
                .put("request_body_sha256", Es256.sha256Hex(body))));
        String input = header + "." + payload;
        return input + "." + Jws.encode(Es256.sign(keyPair.getPrivate(), input.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The headers the server sends with {@code body}: signature, timestamp, a new delivery id and the event. */
    public Map<String, String> headers(byte[] body, Instant at, String event) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(WebhookVerifier.SIGNATURE_HEADER, sign(body, at));
        headers.put(WebhookVerifier.TIMESTAMP_HEADER, Long.toString(at.getEpochSecond()));
        headers.put(WebhookVerifier.DELIVERY_ID_HEADER, "whd_test" + UUID.randomUUID().toString().replace("-", ""));
        headers.put(WebhookVerifier.EVENT_HEADER, event);
        return headers;
    }

    /** Its own public key for its kid; empty for any other. */
    @Override
    public Optional<VerificationKey> find(String keyId) {
        return this.keyId.equals(keyId) ? Optional.of(verificationKey()) : Optional.empty();
    }
}
