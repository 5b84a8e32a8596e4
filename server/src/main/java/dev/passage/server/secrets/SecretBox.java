package dev.passage.server.secrets;

import dev.passage.server.config.ConfigException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticated encryption (AES-256-GCM) of secrets at rest under a key derived from the master
 * secret. Each purpose (card arguments, signing keys) gets its own derived key, and the purpose and
 * the owning row's id are bound as associated data so a sealed value cannot be moved to another row.
 */
public final class SecretBox {
    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final String purpose;

    private SecretBox(SecretKeySpec key, String purpose) {
        this.key = key;
        this.purpose = purpose;
    }

    /** A box for one purpose, under the master secret (32 bytes). */
    public static SecretBox forPurpose(byte[] masterKey, String purpose) {
        if (masterKey.length != 32) {
            throw new ConfigException("secrets.master-key must be 32 bytes in base64, not " + masterKey.length + " bytes.");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            byte[] derived = mac.doFinal(("passage/" + purpose).getBytes(StandardCharsets.UTF_8));
            return new SecretBox(new SecretKeySpec(derived, "AES"), purpose);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JDK", e);
        }
    }

    /** Encrypts {@code plaintext} for the row {@code ownerId}; the result is text safe to store. */
    public String seal(String ownerId, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad(ownerId));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return VERSION + "." + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** Decrypts a value made by {@link #seal}; fails when it was altered or sealed for another row. */
    public byte[] open(String ownerId, String sealed) {
        if (!sealed.startsWith(VERSION + ".")) {
            throw new IllegalArgumentException("Unknown sealed value format");
        }
        byte[] raw = Base64.getDecoder().decode(sealed.substring(VERSION.length() + 1));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, raw, 0, NONCE_BYTES));
            cipher.updateAAD(aad(ownerId));
            return cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Sealed value could not be opened", e);
        }
    }

    private byte[] aad(String ownerId) {
        return (purpose + "|" + ownerId).getBytes(StandardCharsets.UTF_8);
    }
}
