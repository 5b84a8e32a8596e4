package dev.passage.server.http;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (a client address): {@code perMinute} requests a minute, refilled smoothly,
 * bursts up to {@code perMinute}. In memory on one node: behind a load balancer over N nodes an
 * address gets up to N times the limit, which is still a guessing rate far below the code space.
 */
public final class RateLimiter {
    private static final int MAX_KEYS = 100_000;

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

        synchronized boolean take(long now) {
            tokens = level(now);
            at = Math.max(at, now);
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
