package dev.passage.sandbox;

import java.time.Instant;

/** An article read on the Apple Review portal; {@code duration} is in seconds. */
public record HistoryEntry(String id, String title, String source, int duration, Instant readAt) {}
