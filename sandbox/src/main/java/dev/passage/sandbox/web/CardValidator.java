package dev.passage.sandbox.web;

import java.time.Clock;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Server-side checks of the add-card form, the same on every carrier portal. */
public final class CardValidator {
    private static final Pattern EXPIRY = Pattern.compile("(0[1-9]|1[0-2])/(\\d{2})");
    private static final Pattern CVV = Pattern.compile("\\d{3,4}");
    private static final Pattern ZIP = Pattern.compile("\\d{5}(-\\d{4})?");
    private static final Pattern STATE = Pattern.compile("[A-Za-z]{2}");

    private final Clock clock;

    /** {@code clock} says which month it is, for the expiry check. */
    public CardValidator(Clock clock) {
        this.clock = clock;
    }

    /**
     * The form's errors, keyed by field ({@code cardNumber}, {@code expirationDate}, {@code cvv},
     * {@code nameOnCard}, {@code nickname}, {@code billingZip}, {@code line1}, {@code city},
     * {@code state}) in form order; empty when the card can go to review.
     */
    public Map<String, String> check(CardForm form) {
        Map<String, String> errors = new LinkedHashMap<>();
        String digits = form.digits();
        if (digits.isEmpty()) {
            errors.put("cardNumber", "Enter a card number.");
        } else if (!digits.matches("\\d{13,19}")) {
            errors.put("cardNumber", "Enter a valid card number.");
        } else if (!luhn(digits)) {
            errors.put("cardNumber", "This card number is not valid. Check it and try again.");
        }
        if (form.nameOnCard().isEmpty()) {
            errors.put("nameOnCard", "Enter the name on the card.");
        }
        Matcher expiry = EXPIRY.matcher(form.expirationDate());
        if (!expiry.matches()) {
            errors.put("expirationDate", "Enter the expiration date as MM/YY.");
        } else {
            YearMonth card = YearMonth.of(2000 + Integer.parseInt(expiry.group(2)), Integer.parseInt(expiry.group(1)));
            if (card.isBefore(YearMonth.now(clock))) {
                errors.put("expirationDate", "This card has expired.");
            }
        }
        if (!CVV.matcher(form.cvv()).matches()) {
            errors.put("cvv", "Enter the 3- or 4-digit security code.");
        }
        if (form.nickname().length() > 40) {
            errors.put("nickname", "Use 40 characters or fewer for the nickname.");
        }
        if (form.hasAddress()) {
            if (form.line1().isEmpty()) {
                errors.put("line1", "Enter the street address.");
            }
            if (form.city().isEmpty()) {
                errors.put("city", "Enter the city.");
            }
            if (!STATE.matcher(form.state()).matches()) {
                errors.put("state", "Enter the 2-letter state.");
            }
        }
        if (!ZIP.matcher(form.billingZip()).matches()) {
            errors.put("billingZip", "Enter a valid 5-digit ZIP code.");
        }
        return errors;
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
