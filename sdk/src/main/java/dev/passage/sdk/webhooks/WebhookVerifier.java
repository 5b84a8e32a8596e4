package dev.passage.sdk.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passage.sdk.PassageClient;
import dev.passage.sdk.errors.WebhookVerificationException;
import dev.passage.sdk.internal.Es256;
import dev.passage.sdk.internal.Json;
import dev.passage.sdk.internal.Jws;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Checks that a webhook came from Passage and is recent, then reads it. Build one and share it: it
 * is thread-safe and caches the public keys by kid.
 *
 * <p>A webhook passes when its {@code X-Passage-Signature} is a compact ES256 JWS by the key its
 * {@code kid} names, whose payload's {@code request_body_sha256} is the SHA-256 of the exact body
 * bytes and whose {@code iat} is within the tolerance of the clock. A key not cached yet is fetched
 * once; after a kid the source does not know, unknown kids are not fetched again for a while, so
 * forged kids cannot make every request a key lookup.
 *
 * <p>Errors fetching a key (the server is down) are not verification failures: they surface as the
 * client's own exceptions, and a receiver should answer 5xx so the delivery is retried.
 */
public final class WebhookVerifier {
    /** The signature header: a compact ES256 JWS. */
    public static final String SIGNATURE_HEADER = "X-Passage-Signature";
    /** The signing time, unix seconds. */
    public static final String TIMESTAMP_HEADER = "X-Passage-Timestamp";
    /** The delivery id, the same on every attempt of one delivery. */
    public static final String DELIVERY_ID_HEADER = "X-Passage-Delivery-Id";
    /** The event, {@code link.complete} or {@code link.failed}. */
    public static final String EVENT_HEADER = "X-Passage-Event";
    /** The one algorithm accepted. */
    public static final String ALGORITHM = "ES256";

    private final VerificationKeySource source;
    private final Clock clock;
    private final Duration tolerance;
    private final Duration unknownKeyBackoff;
    private final Map<String, VerificationKey> keys = new ConcurrentHashMap<>();
    private final Object fetching = new Object();
    private Instant lastUnknownKeyAt;

    private WebhookVerifier(Builder b) {
        this.source = Objects.requireNonNull(b.source, "a key source: client(...), baseUrl(...) or keySource(...)");
        this.clock = b.clock;
        this.tolerance = b.tolerance;
        this.unknownKeyBackoff = b.unknownKeyBackoff;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Verifies and reads a webhook, with its headers as a map (names in any case, as servlet and JDK servers give them). */
    public WebhookEvent verify(byte[] rawBody, Map<String, List<String>> headers) {
        return verify(rawBody, name -> headers.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty())
                .map(e -> e.getValue().get(0)).findFirst().orElse(null));
    }

    /**
     * Verifies and reads a webhook. {@code header} looks a header up by name (null when absent);
     * {@code rawBody} must be the exact bytes received, before any JSON parsing.
     *
     * @throws WebhookVerificationException with the reason, when the webhook must not be trusted
     */
    public WebhookEvent verify(byte[] rawBody, Function<String, String> header) {
        Objects.requireNonNull(rawBody, "rawBody");
        String signature = header.apply(SIGNATURE_HEADER);
        if (signature == null || signature.isBlank()) {
            throw new WebhookVerificationException("no " + SIGNATURE_HEADER + " header");
        }
        Jws jws;
        try {
            jws = Jws.parse(signature);
        } catch (IllegalArgumentException e) {
            throw new WebhookVerificationException(SIGNATURE_HEADER + " is not a compact JWS: " + e.getMessage());
        }
        String alg = jws.header().path("alg").asText("");
        if (!ALGORITHM.equals(alg)) {
            throw new WebhookVerificationException("the signature's algorithm is '" + alg + "'; only ES256 is accepted");
        }
        String kid = jws.header().path("kid").asText("");
        if (kid.isEmpty()) {
            throw new WebhookVerificationException("the signature's header names no kid");
        }
        VerificationKey key = key(kid);
        if (!ALGORITHM.equals(key.algorithm())) {
            throw new WebhookVerificationException("key " + kid + " is for " + key.algorithm() + ", not ES256");
        }
        if (!Es256.verify(key.publicKey(), jws.signingInput(), jws.signature())) {
            throw new WebhookVerificationException("the signature does not verify with key " + kid);
        }
        JsonNode claimedHash = jws.payload().get("request_body_sha256");
        byte[] actual = Es256.sha256Hex(rawBody).getBytes(StandardCharsets.US_ASCII);
        if (claimedHash == null || !claimedHash.isTextual()
                || !MessageDigest.isEqual(actual, claimedHash.asText().getBytes(StandardCharsets.US_ASCII))) {
            throw new WebhookVerificationException("the body is not the one signed: its SHA-256 differs from request_body_sha256");
        }
        JsonNode iat = jws.payload().get("iat");
        if (iat == null || !iat.canConvertToLong()) {
            throw new WebhookVerificationException("the signature has no iat");
        }
        Instant issued = Instant.ofEpochSecond(iat.asLong());
        Instant now = clock.instant();
        if (Duration.between(issued, now).abs().compareTo(tolerance) > 0) {
            throw new WebhookVerificationException("the signature was made at " + issued + ", more than " + tolerance
                    + " from now (" + now + "): a replay or a wrong clock");
        }
        String timestamp = header.apply(TIMESTAMP_HEADER);
        if (timestamp != null && !timestamp.strip().equals(Long.toString(iat.asLong()))) {
            throw new WebhookVerificationException(TIMESTAMP_HEADER + " does not match the signature's iat");
        }
        JsonNode body;
        try {
            body = Json.parse(rawBody);
            return WebhookEvent.fromJson(body, header.apply(DELIVERY_ID_HEADER), kid);
        } catch (IllegalArgumentException e) {
            throw new WebhookVerificationException("the signed body is not a webhook event: " + e.getMessage(), e);
        }
    }

    private VerificationKey key(String kid) {
        VerificationKey cached = keys.get(kid);
        if (cached != null) {
            return cached;
        }
        synchronized (fetching) {
            cached = keys.get(kid);
            if (cached != null) {
                return cached;
            }
            Instant now = clock.instant();
            if (lastUnknownKeyAt != null && now.isBefore(lastUnknownKeyAt.plus(unknownKeyBackoff))) {
                throw new WebhookVerificationException("unknown signing key " + kid
                        + " (an unknown kid was looked up less than " + unknownKeyBackoff + " ago; not looking again yet)");
            }
            Optional<VerificationKey> found = source.find(kid);
            if (found.isEmpty() || !found.get().keyId().equals(kid)) {
                lastUnknownKeyAt = now;
                throw new WebhookVerificationException("unknown signing key " + kid);
            }
            keys.put(kid, found.get());
            return found.get();
        }
    }

    /** Builds a {@link WebhookVerifier}. */
    public static final class Builder {
        private VerificationKeySource source;
        private Clock clock = Clock.systemUTC();
        private Duration tolerance = Duration.ofMinutes(5);
        private Duration unknownKeyBackoff = Duration.ofSeconds(10);

        private Builder() {}

        /** Fetch keys from the server this client talks to (no API key needed); uses the client's clock unless {@link #clock(Clock)} says otherwise. */
        public Builder client(PassageClient client) {
            this.source = client.webhooks()::verificationKey;
            this.clock = client.clock();
            return this;
        }

        /** Fetch keys from the server at {@code baseUrl}. */
        public Builder baseUrl(String baseUrl) {
            this.source = PassageClient.builder().baseUrl(baseUrl).build().webhooks()::verificationKey;
            return this;
        }

        /** Take keys from {@code source}, e.g. a {@link WebhookSigner} in tests. */
        public Builder keySource(VerificationKeySource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** The clock {@code iat} is checked against (the system's UTC clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How far {@code iat} may be from now, either way (5 minutes). */
        public Builder tolerance(Duration tolerance) {
            if (tolerance.isNegative()) {
                throw new IllegalArgumentException("tolerance must not be negative");
            }
            this.tolerance = tolerance;
            return this;
        }

        /** After a kid the source does not know, how long before another unknown kid is looked up (10 s). */
        public Builder unknownKeyBackoff(Duration backoff) {
            if (backoff.isNegative()) {
                throw new IllegalArgumentException("unknownKeyBackoff must not be negative");
            }
            this.unknownKeyBackoff = backoff;
            return this;
        }

        /** The verifier. */
        public WebhookVerifier build() {
            return new WebhookVerifier(this);
        }
    }
}
