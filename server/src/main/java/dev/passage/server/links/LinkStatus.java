package dev.passage.server.links;

import java.util.Locale;
import java.util.Optional;

/** Where a link is in its life (docs/api.md §3). */
public enum LinkStatus {
    PENDING, ACTIVE, COMPLETE, FAILED, EXPIRED;

    /** The wire and database spelling. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<LinkStatus> parse(String value) {
        for (LinkStatus s : values()) {
            if (s.wire().equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Whether passing {@code expiresAt} turns a link in this status into {@link #EXPIRED}. */
    public boolean expiresWithTime() {
        return this == PENDING || this == FAILED;
    }
}
