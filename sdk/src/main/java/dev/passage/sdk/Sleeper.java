package dev.passage.sdk;

import java.time.Duration;

/** How the client waits between retries; tests give one that records the waits instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    /** The real thing: {@link Thread#sleep(long)}. */
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

    /** Waits for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;
}
