package dev.passage.sdk.errors;

/** A webhook that must not be trusted: its signature, body hash, key or time does not check out. */
public final class WebhookVerificationException extends PassageException {
    /** A rejected webhook and why, in one sentence. */
    public WebhookVerificationException(String reason) {
        super(0, reason, null, null);
    }

    /** A rejected webhook, why, and the failure behind it. */
    public WebhookVerificationException(String reason, Throwable cause) {
        super(0, reason, null, cause);
    }

    /** Why the webhook was rejected. */
    public String reason() {
        return errorMessage();
    }
}
