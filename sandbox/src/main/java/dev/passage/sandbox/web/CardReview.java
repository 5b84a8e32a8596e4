package dev.passage.sandbox.web;

import dev.passage.sandbox.BillingAddress;
import java.util.UUID;

/**
 * A validated card waiting on the review step. It keeps no card number or security code: only what
 * is shown for review and saved on confirm.
 */
public record CardReview(
        String reviewId,
        String brand,
        String last4,
        String expirationDate,
        String nameOnCard,
        String nickname,
        String billingZip,
        BillingAddress billingAddress) {

    /** The review of a form that passed {@link CardValidator#check}. */
    public static CardReview of(CardForm form) {
        String digits = form.digits();
        String brand = CardBrand.of(digits);
        String last4 = digits.substring(digits.length() - 4);
        String nickname = form.nickname().isEmpty() ? brand + " ending in " + last4 : form.nickname();
        BillingAddress address = form.hasAddress()
                ? new BillingAddress(form.line1(), form.line2().isEmpty() ? null : form.line2(), form.city(),
                        form.state().toUpperCase(java.util.Locale.ROOT), form.country().isEmpty() ? "US" : form.country())
                : null;
        return new CardReview(UUID.randomUUID().toString(), brand, last4, form.expirationDate(), form.nameOnCard(),
                nickname, form.billingZip(), address);
    }
}
