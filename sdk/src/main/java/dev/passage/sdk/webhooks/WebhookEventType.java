package dev.passage.sdk.webhooks;

/** What a webhook reports; {@link #UNKNOWN} for an event a newer server may add. */
public enum WebhookEventType {
    /** {@code link.complete}: the link has its result. */
    LINK_COMPLETE("link.complete"),
    /** {@code link.failed}: the link failed; it may be claimed again. */
    LINK_FAILED("link.failed"),
    /** An event this version of the SDK does not know. */
    UNKNOWN("unknown");

    private final String wire;

    WebhookEventType(String wire) {
        this.wire = wire;
    }

    /** The event as the API spells it ({@code link.complete}). */
    public String wire() {
        return wire;
    }

    /** The event the API spelled {@code value}, or {@link #UNKNOWN}. */
    public static WebhookEventType fromWire(String value) {
        for (WebhookEventType type : values()) {
            if (type != UNKNOWN && type.wire.equals(value)) {
                return type;
            }
        }
        return UNKNOWN;
    }
}
