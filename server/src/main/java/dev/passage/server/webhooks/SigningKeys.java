package dev.passage.server.webhooks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.passage.server.config.ConfigException;
import dev.passage.server.json.Json;
import dev.passage.server.secrets.SecretBox;
import dev.passage.server.secrets.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ES256 (EC P-256) keys webhooks are signed with. The newest unretired key signs; rotation
 * retires it and makes a new one; retired keys stay in the table so old signatures still verify.
 * Private keys are stored as JWK JSON sealed under the master secret, bound to their kid.
 *
 * <p>The current key is read from the database at each signature (one indexed row), so a rotation
 * made by the CLI or on another node takes effect everywhere without a restart; opened keys are
 * cached by kid.
 */
final class SigningKeys {
    static final String SEALED_PURPOSE = "webhook-signing-key";
    private static final HexFormat HEX = HexFormat.of();

    /** The JWT payload of a signature (docs/api.md §4). */
    record Claims(long iat, String request_body_sha256) {}

    /** A signature over one body: the compact JWS and the values it carries. */
    record Signature(String kid, String jws, long iatSeconds, String bodySha256) {}

    private final WebhookRepository repository;
    private final SecretBox box;
    private final Clock clock;
    private final Map<String, ECDSASigner> signers = new ConcurrentHashMap<>();

    SigningKeys(WebhookRepository repository, SecretBox box, Clock clock) {
        this.repository = repository;
        this.box = box;
        this.clock = clock;
    }

    /**
     * Makes the first key when there is none, and checks the current one opens under this master
     * secret (a clear start-up error rather than failing every delivery). Two nodes starting at once
     * on an empty database may each make one; both stay valid.
     */
    SigningKey ensureOne() {
        WebhookRepository.StoredKey current = repository.database().write(h -> repository.currentKey(h)
                .orElseGet(() -> insertNew(h)));
        try {
            signers.computeIfAbsent(current.kid(), kid -> open(current));
        } catch (RuntimeException e) {
            // A sealed value that does not open (IllegalArgumentException) or does not parse as a key.
            throw new ConfigException("The webhook signing key " + current.kid() + " cannot be opened with this "
                    + "secrets.master-key; start with the master key it was sealed under.");
        }
        return current.publicKey();
    }

    /** Retires the current key(s) and makes a new one, which signs from now on. */
    SigningKey rotate() {
        return repository.database().write(h -> {
            repository.retireCurrentKeys(h, clock.millis());
            return insertNew(h);
        }).publicKey();
    }

    Optional<SigningKey> find(String kid) {
        return repository.findKey(kid).map(WebhookRepository.StoredKey::publicKey);
    }

    List<SigningKey> all() {
        return repository.keys().stream().map(WebhookRepository.StoredKey::publicKey).toList();
    }

    /** Signs {@code body} with the current key: header {alg, typ, kid}, payload {iat, request_body_sha256}. */
    Signature sign(byte[] body, long nowMillis) {
        WebhookRepository.StoredKey key = repository.currentKey()
                .orElseGet(() -> repository.database().write(h -> repository.currentKey(h).orElseGet(() -> insertNew(h))));
        ECDSASigner signer = signers.computeIfAbsent(key.kid(), kid -> open(key));
        long iat = Math.floorDiv(nowMillis, 1000);
        String hash = sha256Hex(body);
        JWSObject jws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(key.kid()).build(),
                new Payload(Json.mapper().writeValueAsString(new Claims(iat, hash))));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("ES256 signing failed", e);
        }
        return new Signature(key.kid(), jws.serialize(), iat, hash);
    }

    static String sha256Hex(byte[] body) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private WebhookRepository.StoredKey insertNew(org.jdbi.v3.core.Handle h) {
        String kid = Tokens.id("whk_");
        ECKey key;
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
            String pem = pem(key.toECPublicKey().getEncoded());
            String sealed = box.seal(kid, key.toJSONString().getBytes(StandardCharsets.UTF_8));
            WebhookRepository.StoredKey stored = new WebhookRepository.StoredKey(kid, pem, sealed, clock.millis(), null);
            repository.insertKey(h, stored);
            return stored;
        } catch (JOSEException e) {
            throw new IllegalStateException("EC P-256 key generation failed", e);
        }
    }

    private ECDSASigner open(WebhookRepository.StoredKey key) {
        try {
            ECKey jwk = ECKey.parse(new String(box.open(key.kid(), key.sealedPrivateKey()), StandardCharsets.UTF_8));
            return new ECDSASigner(jwk);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("Webhook signing key " + key.kid() + " could not be opened", e);
        }
    }

    /** PEM of a DER SubjectPublicKeyInfo, 64 characters a line. */
    static String pem(byte[] spki) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(spki);
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }
}
