package dev.passage.server.webhooks;

/** The public half of a webhook signing key: what receivers fetch to verify a signature's {@code kid}. */
public record SigningKey(String kid, String publicKeyPem, long createdAt, Long retiredAt) {
    public boolean retired() {
        return retiredAt != null;
    }
}
