package dev.passage.sandbox.web;

/**
 * The add-card form as submitted, whatever the portal calls its inputs. {@code expirationDate} is
 * {@code MM/YY} (portals with month and year selects join them first). Address fields are optional.
 */
public record CardForm(
        String cardNumber,
        String expirationDate,
        String cvv,
        String nameOnCard,
        String nickname,
        String billingZip,
        String line1,
        String line2,
        String city,
        String state,
        String country) {

    public CardForm {
        cardNumber = trim(cardNumber);
        expirationDate = trim(expirationDate);
        cvv = trim(cvv);
        nameOnCard = trim(nameOnCard);
        nickname = trim(nickname);
        billingZip = trim(billingZip);
        line1 = trim(line1);
        line2 = trim(line2);
        city = trim(city);
        state = trim(state);
        country = trim(country);
    }

    /** The card number's digits, without the spaces or dashes people type. */
    public String digits() {
        return cardNumber.replaceAll("[\\s-]", "");
    }

    /** Whether any address field was filled in. */
    boolean hasAddress() {
        return !(line1.isEmpty() && line2.isEmpty() && city.isEmpty() && state.isEmpty());
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }
}
