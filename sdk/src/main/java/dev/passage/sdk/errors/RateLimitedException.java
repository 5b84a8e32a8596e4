package dev.passage.sdk.errors;

import java.time.Duration;
import java.util.Optional;

/** 429: too many requests; {@link #retryAfter()} says how long the server asked to wait. */
public final class RateLimitedException extends PassageException {
    private final Duration retryAfter;

    /** A 429 answer, with the wait its {@code Retry-After} asked for (null when it gave none). */
    public RateLimitedException(String errorMessage, String requestId, Duration retryAfter) {
        super(429, errorMessage, requestId, null);
        this.retryAfter = retryAfter;
    }

    /** How long the server asked to wait before the next request, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
