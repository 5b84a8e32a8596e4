package dev.passage.sandbox.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Formatting helpers the templates call. */
public final class Format {
    private Format() {}

    /** {@code $1,234.50}. */
    public static String usd(BigDecimal amount) {
        return java.text.NumberFormat.getCurrencyInstance(Locale.US).format(amount);
    }

    /** {@code 1234.50}: the plain amount, as in data attributes. */
    public static String plain(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** A date in a pattern such as {@code MMM d, yyyy}. */
    public static String date(LocalDate date, String pattern) {
        return date.format(DateTimeFormatter.ofPattern(pattern, Locale.US));
    }

    /** An instant in UTC in a pattern such as {@code EEE, MMM d · h:mm a}. */
    public static String time(Instant instant, String pattern) {
        return DateTimeFormatter.ofPattern(pattern, Locale.US).withZone(ZoneOffset.UTC).format(instant);
    }

    /** {@code Credit card}, {@code Debit card} or {@code Bank account} for a payment method's type. */
    public static String kind(String type) {
        return switch (type) {
            case "credit_card" -> "Credit card";
            case "debit_card" -> "Debit card";
            case "bank_account" -> "Bank account";
            default -> "Other";
        };
    }

    /** The quantity times the unit price. */
    public static BigDecimal times(BigDecimal price, int quantity) {
        return price.multiply(BigDecimal.valueOf(quantity));
    }
}
