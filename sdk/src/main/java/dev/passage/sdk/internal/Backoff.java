package dev.passage.sdk.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with full jitter: before retry {@code n} (from 0) wait a random time
 * from 0 to {@code min(cap, base * 2^n)}, so clients that failed together do not retry together.
 *
 * @param base the ceiling of the first wait
 * @param cap the largest ceiling
 * @param maxRetryAfter the longest {@code Retry-After} the client waits for; a longer one is not retried
 */
public record Backoff(Duration base, Duration cap, Duration maxRetryAfter) {
    /** 0.5 s doubling up to 8 s; a server may ask for up to 60 s. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60));

    /** The wait before retry {@code retry} (0 for the first retry). */
    public Duration delay(int retry) {
        long ceiling = base.toMillis() << Math.min(retry, 20);
        ceiling = Math.min(ceiling, cap.toMillis());
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }
}
