package dev.passage.sandbox;

/**
 * A payment method saved on a carrier portal, in one shape for every portal (each portal renders it
 * in its own markup). Optional fields are null when they do not apply (a bank account has no brand,
 * expiry or billing address).
 *
 * @param id the portal's own id for it (what an automation reports as {@code vendorId})
 * @param type {@code credit_card}, {@code debit_card} or {@code bank_account}
 * @param brand card brand (Visa, Mastercard, American Express, Discover), null for a bank account
 * @param last4 last four digits of the card or account number
 * @param expirationDate {@code MM/YY}, null for a bank account
 * @param bankName the bank of a bank account, null for a card
 */
public record PaymentMethod(
        String id,
        String type,
        String brand,
        String last4,
        String expirationDate,
        String nickname,
        boolean isDefault,
        String billingZip,
        BillingAddress billingAddress,
        String bankName) {

    /** Whether this is a card (credit or debit) rather than a bank account. */
    public boolean isCard() {
        return !"bank_account".equals(type);
    }
}
