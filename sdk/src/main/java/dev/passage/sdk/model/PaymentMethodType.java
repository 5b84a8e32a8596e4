package dev.passage.sdk.model;

/** The kind of a payment method; {@link #UNKNOWN} for a kind a newer server may add. */
public enum PaymentMethodType {
    /** {@code credit_card}. */
    CREDIT_CARD("credit_card"),
    /** {@code debit_card}. */
    DEBIT_CARD("debit_card"),
    /** {@code bank_account}. */
    BANK_ACCOUNT("bank_account"),
    /** {@code other}. */
    OTHER("other"),
    /** A kind this version of the SDK does not know. */
    UNKNOWN("unknown");

    private final String wire;

    PaymentMethodType(String wire) {
        this.wire = wire;
    }

    /** The kind as the API spells it. */
    public String wire() {
        return wire;
    }

    /** The kind the API spelled {@code value}, or {@link #UNKNOWN}. */
    public static PaymentMethodType fromWire(String value) {
        for (PaymentMethodType type : values()) {
            if (type != UNKNOWN && type.wire.equals(value)) {
                return type;
            }
        }
        return UNKNOWN;
    }
}
