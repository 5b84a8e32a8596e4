package dev.passage.server.jobs;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background task run at a fixed delay on its own daemon thread. A failed run is logged and the
 * next one comes at the next interval: the work it does is always safe to repeat.
 */
public final class PeriodicJob implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeriodicJob.class);

    private final String name;
    private final Runnable task;
    private final ScheduledExecutorService executor;

    private PeriodicJob(String name, Duration interval, Runnable task) {
        this.name = name;
        this.task = task;
        this.executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name).daemon().factory());
        executor.scheduleWithFixedDelay(this::runOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts running {@code task} every {@code interval}, the first time one interval from now. */
    public static PeriodicJob every(String name, Duration interval, Runnable task) {
        return new PeriodicJob(name, interval, task);
    }

    private void runOnce() {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("Background job {} failed; it runs again at the next interval", name, e);
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
