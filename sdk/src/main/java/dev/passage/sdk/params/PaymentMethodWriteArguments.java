package dev.passage.sdk.params;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passage.sdk.internal.Json;
import dev.passage.sdk.model.BillingAddress;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Arguments of {@code paymentMethod.write}: the card to add. The card number and CVV are secrets:
 * the server encrypts them at rest and never returns them, and {@link #toString()} never shows them.
 */
public final class PaymentMethodWriteArguments implements OperationArguments {
    private static final Pattern EXPIRATION = Pattern.compile("(0[1-9]|1[0-2])/[0-9]{2}");

    private final String cardNumber;
    private final String expirationDate;
    private final String cvv;
    private final String nameOnCard;
    private final String billingZip;
    private final BillingAddress billingAddress;
    private final Boolean dryRun;

    private PaymentMethodWriteArguments(Builder b) {
        this.cardNumber = Objects.requireNonNull(b.cardNumber, "cardNumber");
        this.expirationDate = Objects.requireNonNull(b.expirationDate, "expirationDate");
        if (!EXPIRATION.matcher(expirationDate).matches()) {
            throw new IllegalArgumentException("expirationDate must be MM/YY, e.g. 04/29");
        }
        this.cvv = Objects.requireNonNull(b.cvv, "cvv");
        this.nameOnCard = Objects.requireNonNull(b.nameOnCard, "nameOnCard");
        this.billingZip = Objects.requireNonNull(b.billingZip, "billingZip");
        this.billingAddress = b.billingAddress;
        this.dryRun = b.dryRun;
    }

    /** A builder; card number, expiration date, CVV, name on card and billing ZIP are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode node = Json.object()
                .put("cardNumber", cardNumber)
                .put("expirationDate", expirationDate)
                .put("cvv", cvv)
                .put("nameOnCard", nameOnCard)
                .put("billingZip", billingZip);
        if (billingAddress != null) {
            node.set("billingAddress", billingAddress.json());
        }
        if (dryRun != null) {
            node.put("dryRun", dryRun);
        }
        return node;
    }

    /** The card without its secrets. */
    @Override
    public String toString() {
        return "PaymentMethodWriteArguments[card ending " + cardNumber.substring(Math.max(0, cardNumber.length() - 4))
                + ", expires " + expirationDate + (dryRun != null && dryRun ? ", dry run" : "") + "]";
    }

    /** Builds {@link PaymentMethodWriteArguments}. */
    public static final class Builder {
        private String cardNumber;
        private String expirationDate;
        private String cvv;
        private String nameOnCard;
        private String billingZip;
        private BillingAddress billingAddress;
        private Boolean dryRun;

        private Builder() {}

        /** The card number, digits only. */
        public Builder cardNumber(String cardNumber) {
            this.cardNumber = cardNumber;
            return this;
        }

        /** The expiration date, {@code MM/YY}. */
        public Builder expirationDate(String expirationDate) {
            this.expirationDate = expirationDate;
            return this;
        }

        /** The card security code. */
        public Builder cvv(String cvv) {
            this.cvv = cvv;
            return this;
        }

        /** The name on the card. */
        public Builder nameOnCard(String nameOnCard) {
            this.nameOnCard = nameOnCard;
            return this;
        }

        /** The billing ZIP code ({@code 12345} or {@code 12345-6789}). */
        public Builder billingZip(String billingZip) {
            this.billingZip = billingZip;
            return this;
        }

        /** The billing address (optional). */
        public Builder billingAddress(BillingAddress billingAddress) {
            this.billingAddress = billingAddress;
            return this;
        }

        /** Check the card on the provider's form without saving it (optional). */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /** The arguments; throws when a required one is missing or the date is not {@code MM/YY}. */
        public PaymentMethodWriteArguments build() {
            return new PaymentMethodWriteArguments(this);
        }
    }
}
