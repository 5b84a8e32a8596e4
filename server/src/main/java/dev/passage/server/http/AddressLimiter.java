package dev.passage.server.http;

import dev.passage.server.errors.PassageException;
import io.javalin.http.Context;

/**
 * One budget per client address for everything public that takes a claim code (claim, link status
 * socket, link info, decline, QR code): guessing codes gets the same few tries a minute whichever
 * endpoint it goes through.
 */
public final class AddressLimiter {
    private final RateLimiter limiter;
    private final ClientAddress addresses;

    public AddressLimiter(RateLimiter limiter, ClientAddress addresses) {
        this.limiter = limiter;
        this.addresses = addresses;
    }

    /** Takes one request of the client's budget; 429 with {@code Retry-After} when it is spent. */
    public void check(Context ctx) {
        RateLimiter.Decision d = limiter.acquire(addresses.of(ctx));
        if (!d.allowed()) {
            ctx.header("Retry-After", Long.toString(d.retryAfterSeconds()));
            throw new PassageException.TooManyRequests("Too many requests from this address; wait a moment and retry.");
        }
    }
}
