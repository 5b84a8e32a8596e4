package dev.passage.sdk.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * ES256 with the JDK's own crypto: EC P-256 keys, SHA-256, and signatures in the JOSE form (the
 * 64 bytes r || s, which the JDK calls P1363), not DER.
 */
public final class Es256 {
    private static final String ALGORITHM = "SHA256withECDSAinP1363Format";
    private static final int SIGNATURE_BYTES = 64;

    private Es256() {}

    /** A new EC P-256 key pair. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make EC P-256 keys", e);
        }
    }

    /** The EC P-256 public key of a PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo); throws when it is not one. */
    public static ECPublicKey publicKeyFromPem(String pem) {
        String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
            ECPublicKey ec = (ECPublicKey) key;
            requireP256(ec);
            return ec;
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("not a PEM EC P-256 public key", e);
        }
    }

    /** Throws unless {@code key} is on P-256. */
    public static void requireP256(ECPublicKey key) {
        if (key.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("the key is not on the P-256 curve");
        }
    }

    /** PEM of a public key: SubjectPublicKeyInfo, 64 characters a line. */
    public static String pem(PublicKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    /** The 64-byte JOSE signature of {@code input}. */
    public static byte[] sign(PrivateKey key, byte[] input) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(input);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ES256 signing failed", e);
        }
    }

    /** Whether {@code signature} (64 bytes, r || s) is {@code key}'s signature of {@code input}. */
    public static boolean verify(PublicKey key, byte[] input, byte[] signature) {
        if (signature.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(input);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Lowercase hex SHA-256 of {@code bytes}. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
