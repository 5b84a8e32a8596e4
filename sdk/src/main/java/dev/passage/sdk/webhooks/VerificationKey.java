package dev.passage.sdk.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passage.sdk.internal.Es256;
import dev.passage.sdk.internal.Json;
import dev.passage.sdk.model.JsonModel;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Optional;

/**
 * A public key webhook signatures are checked with, as {@code POST /webhook_verification_key/get}
 * returns it.
 *
 * @param keyId the kid, {@code whk_…}
 * @param publicKey the EC P-256 public key
 * @param pem the key as PEM (SubjectPublicKeyInfo)
 * @param algorithm the signature algorithm, {@code ES256}
 * @param createdAt when the key was made, if the server says
 * @param retiredAt when it stopped signing new webhooks, if it did (it still verifies old ones)
 * @param json the JSON this was read from
 */
public record VerificationKey(String keyId, ECPublicKey publicKey, String pem, String algorithm,
                              Optional<Instant> createdAt, Optional<Instant> retiredAt, JsonNode json) implements JsonModel {
    /** Keeps its own copy of the JSON. */
    public VerificationKey {
        json = Json.frozen(json);
    }

    /** Reads the key answer; both {@code algorithm} and the older {@code alg} name the algorithm (ES256 when neither). */
    public static VerificationKey fromJson(JsonNode node) {
        Json.requireObject(node, "verification key");
        String pem = Json.string(node, "key");
        String algorithm = Json.optString(node, "algorithm").or(() -> Json.optString(node, "alg")).orElse("ES256");
        return new VerificationKey(Json.string(node, "key_id"), Es256.publicKeyFromPem(pem), pem, algorithm,
                Json.optInstant(node, "created_at"), Json.optInstant(node, "retired_at"), node);
    }

    /** Whether the key was retired by a rotation (it still verifies the signatures it made). */
    public boolean retired() {
        return retiredAt.isPresent();
    }

    @Override
    public JsonNode json() {
        return json.deepCopy();
    }
}
