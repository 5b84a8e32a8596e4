package dev.passage.server.sessions;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks session deadlines at a fixed interval. The deadlines are stored on the session rows and
 * compared with the injected clock, so any node may enforce them, a restart loses none, and tests
 * move the clock instead of waiting.
 */
public final class SessionTimeouts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionTimeouts.class);

    private final SessionService sessions;
    private final ScheduledExecutorService executor;

    public SessionTimeouts(SessionService sessions, Duration interval) {
        this.sessions = sessions;
        this.executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("session-timeouts").daemon().factory());
        executor.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void check() {
        try {
            sessions.enforceDeadlines();
            sessions.settleLinks();
        } catch (RuntimeException e) {
            log.warn("Session deadline check failed; it runs again at the next interval", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
