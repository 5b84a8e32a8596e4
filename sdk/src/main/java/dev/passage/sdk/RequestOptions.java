package dev.passage.sdk;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Per-call options: an idempotency key, a timeout and a retry budget that override the client's.
 *
 * @param idempotencyKey sent as {@code Idempotency-Key}; makes a POST safe to retry
 * @param timeout this call's timeout per attempt, instead of the client's request timeout
 * @param maxRetries this call's retry budget, instead of the client's
 * @param autoIdempotency generate an idempotency key for a POST when none is given, so it may be retried
 */
public record RequestOptions(Optional<String> idempotencyKey, Optional<Duration> timeout, OptionalInt maxRetries,
                             boolean autoIdempotency) {
    /** No overrides. */
    public static final RequestOptions NONE = new RequestOptions(Optional.empty(), Optional.empty(), OptionalInt.empty(), false);

    /** Checks the values. */
    public RequestOptions {
        idempotencyKey.ifPresent(k -> {
            if (k.isBlank() || k.length() > 255) {
                throw new IllegalArgumentException("an idempotency key is 1 to 255 characters");
            }
        });
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
        });
        maxRetries.ifPresent(r -> {
            if (r < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative");
            }
        });
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link RequestOptions}. */
    public static final class Builder {
        private String idempotencyKey;
        private Duration timeout;
        private Integer maxRetries;
        private boolean autoIdempotency;

        private Builder() {}

        /** Sends {@code Idempotency-Key: key}: the server answers a repeat of the same request with the first answer. */
        public Builder idempotencyKey(String key) {
            this.idempotencyKey = key;
            return this;
        }

        /** This call's timeout for each attempt. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** This call's retry budget (0: no retry). */
        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        /** Generate an idempotency key for a POST that has none, so its retries are safe. */
        public Builder autoIdempotency(boolean autoIdempotency) {
            this.autoIdempotency = autoIdempotency;
            return this;
        }

        /** The options. */
        public RequestOptions build() {
            return new RequestOptions(Optional.ofNullable(idempotencyKey), Optional.ofNullable(timeout),
                    maxRetries == null ? OptionalInt.empty() : OptionalInt.of(maxRetries), autoIdempotency);
        }
    }
}
