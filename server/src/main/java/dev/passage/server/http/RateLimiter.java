package dev.passage.server.http;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (a client address, an API key): {@code perMinute} requests a minute,
 * refilled smoothly, bursts up to {@code perMinute}. In memory on one node: behind a load balancer over
 * N nodes a key gets up to N times the limit.
 */
public final class RateLimiter {
    private static final int MAX_KEYS = 100_000;

    /** What one request got: whether it may go on, what is left, and when to come back. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds, long retryAfterSeconds) {}

    private final double capacity;
    private final double perMilli;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int perMinute, Clock clock) {
        this.capacity = perMinute;
        this.perMilli = perMinute / 60_000.0;
        this.clock = clock;
    }

    /** Takes one request from {@code key}'s bucket; false when it is empty. */
    public boolean tryAcquire(String key) {
        return acquire(key).allowed();
    }

    /** Takes one request from {@code key}'s bucket and says what is left. */
    public Decision acquire(String key) {
        long now = clock.millis();
        if (buckets.size() > MAX_KEYS) {
            // Full buckets hold nothing worth keeping: forget them rather than grow without bound.
            buckets.values().removeIf(b -> b.level(now) >= capacity);
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(capacity, now)).take(now);
    }

    private final class Bucket {
        private double tokens;
        private long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }

        synchronized double level(long now) {
            return Math.min(capacity, tokens + Math.max(0, now - at) * perMilli);
        }

        synchronized Decision take(long now) {
            tokens = level(now);
            at = Math.max(at, now);
            boolean allowed = tokens >= 1;
            if (allowed) {
                tokens -= 1;
            }
            long reset = (long) Math.ceil((capacity - tokens) / perMilli / 1000);
            long retryAfter = allowed ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / perMilli / 1000));
            return new Decision(allowed, (int) capacity, (int) Math.floor(tokens), reset, retryAfter);
        }
    }
}
