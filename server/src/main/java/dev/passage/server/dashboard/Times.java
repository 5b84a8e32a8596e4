package dev.passage.server.dashboard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as the dashboard prints them: UTC to the second, one format everywhere. */
public final class Times {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Times() {}

    /** {@code 2026-11-25 12:00:03 UTC}, or an em dash for none. */
    public static String at(Long millis) {
        return millis == null ? "—" : FORMAT.format(Instant.ofEpochMilli(millis));
    }

    /** The machine-readable form for a {@code <time datetime>}. */
    public static String iso(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }

    /** A duration in milliseconds as people read it: {@code 840 ms}, {@code 2.4 s}. */
    public static String duration(long millis) {
        return millis < 1000 ? millis + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
