package dev.passage.sandbox.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.sandbox.testing.TestSandbox;
import org.junit.jupiter.api.Test;

class CardValidatorTest {
    private final CardValidator validator = new CardValidator(TestSandbox.CLOCK); // November 2026

    private static CardForm card(String number, String expiry, String cvv, String zip) {
        return new CardForm(number, expiry, cvv, "Pat Doe", "", zip, "", "", "", "", "");
    }

    @Test
    void a_valid_card_without_an_address_has_no_errors() {
        assertThat(validator.check(card("4111 1111 1111 1111", "11/26", "123", "98101-1234"))).isEmpty();
        assertThat(validator.check(card("378282246310005", "12/30", "1234", "10001"))).isEmpty();
    }

    @Test
    void card_numbers_must_pass_the_luhn_check() {
        assertThat(CardValidator.luhn("4111111111111111")).isTrue();
        assertThat(CardValidator.luhn("5555555555554444")).isTrue();
        assertThat(CardValidator.luhn("4111111111111112")).isFalse();
        assertThat(validator.check(card("4111-1111-1111-1112", "12/30", "123", "98101")))
                .containsEntry("cardNumber", "This card number is not valid. Check it and try again.");
        assertThat(validator.check(card("4111 abcd", "12/30", "123", "98101")))
                .containsEntry("cardNumber", "Enter a valid card number.");
    }

    @Test
    void expiry_must_be_mm_yy_and_not_before_this_month() {
        assertThat(validator.check(card("4111111111111111", "10/26", "123", "98101")))
                .containsEntry("expirationDate", "This card has expired.");
        assertThat(validator.check(card("4111111111111111", "2030-12", "123", "98101")))
                .containsEntry("expirationDate", "Enter the expiration date as MM/YY.");
        assertThat(validator.check(card("4111111111111111", "00/30", "123", "98101"))).containsKey("expirationDate");
    }

    @Test
    void cvv_is_three_or_four_digits_and_zip_is_five_or_zip_plus_four() {
        assertThat(validator.check(card("4111111111111111", "12/30", "12", "9810"))).containsOnlyKeys("cvv", "billingZip");
        assertThat(validator.check(card("4111111111111111", "12/30", "12345", "98101"))).containsOnlyKeys("cvv");
    }

    @Test
    void a_partly_filled_address_needs_street_city_and_a_two_letter_state() {
        CardForm form = new CardForm("4111111111111111", "12/30", "123", "Pat Doe", "", "98101", "", "", "Seattle",
                "Washington", "US");

        assertThat(validator.check(form)).containsOnlyKeys("line1", "state");
    }

    @Test
    void the_review_keeps_no_card_number_and_names_the_card_when_no_nickname_is_given() {
        CardReview review = CardReview.of(card("5555 5555 5555 4444", "12/30", "123", "98101"));

        assertThat(review.last4()).isEqualTo("4444");
        assertThat(review.brand()).isEqualTo("Mastercard");
        assertThat(review.nickname()).isEqualTo("Mastercard ending in 4444");
        assertThat(review.billingAddress()).isNull();
        assertThat(review.toString()).doesNotContain("5555555555554444", "5555 5555");
    }
}
