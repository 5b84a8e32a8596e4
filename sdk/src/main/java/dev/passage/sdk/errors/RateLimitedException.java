package dev.passage.sdk.errors;

import java.time.Duration;
import java.util.Optional;

/** 429: too many requests; {@link #retryAfter()} says how long the server asked to wait, {@link #rateLimit()} the budget. */
public final class RateLimitedException extends PassageException {
    private final Duration retryAfter;
    private final RateLimit rateLimit;

    /**
     * The rate limit headers of a 429 answer ({@code RateLimit-Limit}, {@code -Remaining}, {@code -Reset}).
     *
     * @param limit requests allowed in the window
     * @param remaining requests left in it
     * @param reset how long until the window starts again
     */
    public record RateLimit(long limit, long remaining, Duration reset) {}

    /** A 429 answer, with the wait its {@code Retry-After} asked for and its rate limit headers (each null when absent). */
    public RateLimitedException(String errorMessage, String requestId, Duration retryAfter, RateLimit rateLimit) {
        super(429, errorMessage, requestId, null);
        this.retryAfter = retryAfter;
        this.rateLimit = rateLimit;
    }

    /** How long the server asked to wait before the next request, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The API key's request budget, when the server sent its {@code RateLimit-*} headers. */
    public Optional<RateLimit> rateLimit() {
        return Optional.ofNullable(rateLimit);
    }
}
