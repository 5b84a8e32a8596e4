package dev.passage.server.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock tests move by hand. A stopped one stands still between moves; a ticking one also runs with
 * real time (for a server whose hosted worker waits on its own), and a move jumps it forward.
 */
public final class MutableClock extends Clock {
    private final AtomicReference<Instant> base;
    private final boolean ticking;
    private final long startNanos = System.nanoTime();

    /** A clock stopped at {@code start}. */
    public MutableClock(Instant start) {
        this(start, false);
    }

    private MutableClock(Instant start, boolean ticking) {
        this.base = new AtomicReference<>(start);
        this.ticking = ticking;
    }

    /** A clock that runs with real time from now, and jumps when moved. */
    public static MutableClock ticking() {
        return new MutableClock(Instant.now(), true);
    }

    public void advance(Duration by) {
        base.updateAndGet(i -> i.plus(by));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        Instant at = base.get();
        return ticking ? at.plusNanos(System.nanoTime() - startNanos) : at;
    }
}
