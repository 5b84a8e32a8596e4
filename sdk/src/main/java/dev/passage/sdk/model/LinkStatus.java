package dev.passage.sdk.model;

import java.util.Locale;

/** Where a link is in its life; {@link #UNKNOWN} for a status a newer server may add. */
public enum LinkStatus {
    /** Created, not claimed yet. */
    PENDING,
    /** Claimed: a session is running. */
    ACTIVE,
    /** Done; the link has its result. Final. */
    COMPLETE,
    /** The session failed; the link has its error and may be claimed again. */
    FAILED,
    /** Past its expiry. Final. */
    EXPIRED,
    /** A status this version of the SDK does not know. */
    UNKNOWN;

    /** The status as the API spells it ({@code "complete"}); {@code "unknown"} for {@link #UNKNOWN}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status the API spelled {@code value}, or {@link #UNKNOWN}. */
    public static LinkStatus fromWire(String value) {
        for (LinkStatus status : values()) {
            if (status != UNKNOWN && status.wire().equals(value)) {
                return status;
            }
        }
        return UNKNOWN;
    }

    /** Whether the link can no longer change: complete or expired. */
    public boolean isFinal() {
        return this == COMPLETE || this == EXPIRED;
    }
}
