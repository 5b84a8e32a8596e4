package dev.passage.sandbox.testing;

import dev.passage.sandbox.Sandbox;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Sandboxes for tests: free ports on loopback, and a clock fixed on 25 November 2026. */
public final class TestSandbox {
    /** The tests' "now". */
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T06:00:00Z"), ZoneOffset.UTC);

    private TestSandbox() {}

    public static Sandbox start() {
        return Sandbox.start("127.0.0.1", 0, CLOCK);
    }
}
