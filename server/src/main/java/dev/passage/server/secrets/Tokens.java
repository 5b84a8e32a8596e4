package dev.passage.server.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/** Random secrets with a type prefix, and the one-way hashes stored in their place. */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {}

    /** {@code prefix} followed by 256 random bits in base64url, e.g. {@code psg_…}. */
    public static String secret(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + URL.encodeToString(bytes);
    }

    /** {@code prefix} followed by a random UUID, e.g. {@code link_…}. */
    public static String id(String prefix) {
        return prefix + UUID.randomUUID();
    }

    /**
     * Lowercase hex SHA-256 of a secret. Every secret hashed here carries at least 122 random bits, so
     * a plain digest is enough: there is nothing to guess that a salt or a slow hash would protect.
     */
    public static String hash(String secret) {
        return HexFormat.of().formatHex(sha256(secret.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
