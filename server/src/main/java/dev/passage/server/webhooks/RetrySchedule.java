package dev.passage.server.webhooks;

import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * When a delivery's attempts go: at the configured offsets after the event (SPEC §4: 0 s, 1 s, 5 s).
 * Every retry after the first attempt moves by up to ±{@code jitter} of its gap, so that receivers that
 * came back together are not hit together again; after a late attempt (the node was down) the next
 * keeps at least its scheduled gap; a receiver's {@code Retry-After} is never undercut.
 */
public final class RetrySchedule {
    private final List<Duration> offsets;
    private final double jitter;
    private final RandomGenerator random;

    /** {@code jitter} is a fraction (0.2 for ±20%). */
    public RetrySchedule(List<Duration> offsets, double jitter, RandomGenerator random) {
        if (offsets.isEmpty()) {
            throw new IllegalArgumentException("A retry schedule needs at least one attempt");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be from 0 to below 1");
        }
        this.offsets = List.copyOf(offsets);
        this.jitter = jitter;
        this.random = random;
    }

    /** How many attempts a delivery gets. */
    public int attempts() {
        return offsets.size();
    }

    /** When the first attempt of an event at {@code eventAt} goes (never jittered). */
    public long firstAttemptAt(long eventAt) {
        return eventAt + offsets.getFirst().toMillis();
    }

    /**
     * When attempt {@code number + 1} goes, after attempt {@code number} (1-based) of a delivery scheduled
     * from {@code scheduledFrom} started at {@code startedAt} and failed; null when none is left.
     * {@code retryAfterMillis} is what a 429 or 503 receiver asked for (null when it did not).
     */
    public Long nextAttemptAt(int number, long scheduledFrom, long startedAt, Long retryAfterMillis) {
        if (number >= offsets.size()) {
            return null;
        }
        long gap = offsets.get(number).minus(offsets.get(number - 1)).toMillis();
        long next = Math.max(scheduledFrom + offsets.get(number).toMillis(), startedAt + gap);
        if (jitter > 0 && gap > 0) {
            next += Math.round((random.nextDouble() * 2 - 1) * jitter * gap);
        }
        next = Math.max(next, startedAt);
        if (retryAfterMillis != null) {
            next = Math.max(next, startedAt + retryAfterMillis);
        }
        return next;
    }
}
