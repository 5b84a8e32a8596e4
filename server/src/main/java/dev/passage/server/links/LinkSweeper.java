package dev.passage.server.links;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Persists link expiry in the background; reads already show expiry at once, this makes it durable. */
public final class LinkSweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LinkSweeper.class);

    private final LinkService links;
    private final ScheduledExecutorService executor;

    public LinkSweeper(LinkService links, Duration interval) {
        this.links = links;
        this.executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("link-sweeper").daemon().factory());
        executor.scheduleWithFixedDelay(this::sweep, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void sweep() {
        try {
            int expired = links.expireDue();
            if (expired > 0) {
                log.info("Expired {} link(s)", expired);
            }
        } catch (RuntimeException e) {
            log.warn("Link expiry sweep failed; it runs again at the next interval", e);
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
