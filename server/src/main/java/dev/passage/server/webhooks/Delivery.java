package dev.passage.server.webhooks;

import java.util.List;

/** One webhook to send (an event, or a resend of one) and the attempts made so far, oldest first. */
public record Delivery(String id, String linkId, String event, String url, String status, int attemptCount,
        Long nextAttemptAt, String resendOf, long createdAt, String body, List<Attempt> attempts) {

    /** One try: its HTTP status (null when none came back), how long it took, and why it failed. */
    public record Attempt(int number, long startedAt, Integer statusCode, long latencyMs, String error, String keyId) {}
}
