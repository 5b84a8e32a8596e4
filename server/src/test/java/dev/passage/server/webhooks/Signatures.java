package dev.passage.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import dev.passage.server.testing.TestServer;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * What a receiver does, written apart from the server's code: fetch the PEM for the signature's kid
 * from the public endpoint, verify the ES256 JWS with nimbus, and recompute the body hash.
 */
final class Signatures {
    private Signatures() {}

    /** The public key the endpoint serves for {@code kid}, parsed from its PEM with the JDK alone. */
    static ECPublicKey fetchKey(TestServer server, String kid) throws Exception {
        TestServer.Response r = server.postJson("/webhook_verification_key/get", null, "{\"key_id\":\"" + kid + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return parsePem(r.json().get("key").asString());
    }

    static ECPublicKey parsePem(String pem) throws Exception {
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    /** Verifies a received webhook as an integrator would; returns the JWS (its header names the kid). */
    static JWSObject verify(TestServer server, Receiver.Received received) throws Exception {
        JWSObject jws = JWSObject.parse(received.header("X-Passage-Signature"));
        assertThat(jws.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jws.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        assertThat(jws.getHeader().getKeyID()).startsWith("whk_");
        ECPublicKey key = fetchKey(server, jws.getHeader().getKeyID());
        assertThat(jws.verify(new ECDSAVerifier(key))).as("signature verifies with the served key").isTrue();
        Map<String, Object> payload = jws.getPayload().toJSONObject();
        assertThat(payload).containsOnlyKeys("iat", "request_body_sha256");
        assertThat(payload.get("request_body_sha256"))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(received.body())));
        assertThat(((Number) payload.get("iat")).longValue())
                .isEqualTo(Long.parseLong(received.header("X-Passage-Timestamp")));
        return jws;
    }
}
