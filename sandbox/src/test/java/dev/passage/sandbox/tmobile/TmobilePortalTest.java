package dev.passage.sandbox.tmobile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.sandbox.PaymentMethod;
import dev.passage.sandbox.PortalData;
import dev.passage.sandbox.Sandbox;
import dev.passage.sandbox.SandboxData;
import dev.passage.sandbox.testing.Browser;
import dev.passage.sandbox.testing.Browser.Page;
import dev.passage.sandbox.testing.Html;
import dev.passage.sandbox.testing.TestSandbox;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TmobilePortalTest {
    private static Sandbox sandbox;
    private static final PortalData SEED = SandboxData.load("tmobile");

    @BeforeAll
    static void start() {
        sandbox = TestSandbox.start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static Browser browser() {
        return new Browser(sandbox.url("tmobile"));
    }

    private static Page signIn(Browser b, String user, String password) {
        Page step1 = b.post("/signin", "username", user);
        assertThat(step1.path()).isEqualTo("/signin/password");
        return b.post("/signin/password", "password", password);
    }

    private static Browser signedIn(String user) {
        Browser b = browser();
        assertThat(signIn(b, user, "pass_good").path()).isEqualTo("/account/overview");
        return b;
    }

    @Test
    void good_user_signs_in_in_two_steps_and_reaches_the_account_overview() {
        Browser b = browser();
        Page first = b.get("/");
        assertThat(first.path()).isEqualTo("/signin");
        assertThat(first.body()).contains("id=\"usernameInput\"", "id=\"lp1-next-btn\"");
        Page password = b.post("/signin", "username", "user_good");
        assertThat(password.body()).contains("id=\"passwordInput\"", "id=\"lp2-login-btn\"", "user_good");

        Page account = b.post("/signin/password", "password", "pass_good");

        assertThat(account.status()).isEqualTo(200);
        assertThat(account.path()).isEqualTo("/account/overview");
        assertThat(account.body()).contains("id=\"accountOverview\"", "user_good");
    }

    @Test
    void bad_user_stays_on_the_password_step_with_an_incorrect_password_message() {
        Page page = signIn(browser(), "user_bad", "pass_good");

        assertThat(page.status()).isEqualTo(401);
        assertThat(page.path()).isEqualTo("/signin/password");
        assertThat(page.body()).contains("tmo-alert--error", "data-error-code=\"invalid_credentials\"",
                "The password you entered is incorrect", "id=\"passwordInput\"");
    }

    @Test
    void three_wrong_passwords_in_a_row_lock_the_account_even_against_the_right_one() {
        assertThat(signIn(browser(), "user_lockout", "pass_bad1").status()).isEqualTo(401);
        assertThat(signIn(browser(), "user_lockout", "pass_bad2").status()).isEqualTo(401);

        Page third = signIn(browser(), "user_lockout", "pass_bad3");

        assertThat(third.status()).isEqualTo(403);
        assertThat(third.body()).contains("data-error-code=\"locked\"", "Your account is locked");
        assertThat(signIn(browser(), "user_lockout", "pass_good").body()).contains("data-error-code=\"locked\"");
    }

    @Test
    void locked_user_is_told_the_account_is_locked() {
        Page page = signIn(browser(), "user_locked", "pass_good");

        assertThat(page.path()).isEqualTo("/signin/password");
        assertThat(page.body()).contains("data-error-code=\"locked\"", "Your account is locked");
    }

    @Test
    void mfa_user_needs_the_code_and_a_wrong_code_stays_on_the_code_page() {
        Browser b = browser();
        Page code = signIn(b, "user_mfa", "pass_good");
        assertThat(code.path()).isEqualTo("/signin/verify");
        assertThat(code.body()).contains("id=\"otpInput\"", "id=\"verifyBtn\"");
        assertThat(b.get("/account/overview").path()).isEqualTo("/signin");

        Page wrong = b.post("/signin/verify", "otp", "000000");
        assertThat(wrong.path()).isEqualTo("/signin/verify");
        assertThat(wrong.body()).contains("That code didn't work", "id=\"otpInput\"");

        Page account = b.post("/signin/verify", "otp", "123456");
        assertThat(account.path()).isEqualTo("/account/overview");
        assertThat(b.get("/account/billing/statements").count("class=\"tmo-bill\"")).isEqualTo(SEED.statements().size());
    }

    @Test
    void account_pages_send_a_visitor_without_a_session_to_sign_in() {
        assertThat(browser().get("/account/payments/methods").path()).isEqualTo("/signin");
    }

    @Test
    void empty_user_has_no_payment_methods_and_no_bills() {
        Browser b = signedIn("user_empty");

        Page methods = b.get("/account/payments/methods");
        Page bills = b.get("/account/billing/statements");

        assertThat(methods.count("class=\"tmo-payment-card\"")).isZero();
        assertThat(methods.body()).contains("id=\"noPaymentMethods\"", "data-count=\"0\"");
        assertThat(bills.count("class=\"tmo-bill\"")).isZero();
        assertThat(bills.body()).contains("id=\"noBills\"");
    }

    @Test
    void payment_methods_show_every_seed_method_with_its_details_and_one_default() {
        Page page = signedIn("user_good").get("/account/payments/methods");

        assertThat(SEED.paymentMethods()).hasSizeGreaterThanOrEqualTo(4);
        // Cards saved by other tests of this class come after the seed.
        assertThat(Html.all(page.body(), "data-payment-method-id=\"", "\""))
                .startsWith(SEED.paymentMethods().stream().map(PaymentMethod::id).toArray(String[]::new));
        assertThat(page.count("class=\"tmo-badge tmo-badge--default\"")).isEqualTo(1);
        for (PaymentMethod m : SEED.paymentMethods()) {
            assertThat(page.body()).contains("data-payment-method-id=\"" + m.id() + "\"",
                    "<span class=\"tmo-payment-card__last4\">" + m.last4() + "</span>");
        }
        assertThat(page.body()).contains("data-payment-type=\"bank_account\"",
                "<span class=\"tmo-payment-card__expiry\">08/29</span>", "<span class=\"tmo-payment-card__zip\">98006</span>",
                "<span class=\"tmo-payment-card__line1\">3625 132nd Ave SE</span>");
    }

    @Test
    void add_card_with_invalid_fields_shows_each_error_on_the_form() {
        Browser b = signedIn("user_good");

        Page page = b.post("/account/payments/methods/new", Browser.pairs(
                "cardNumber", "4111111111111112", "expirationDate", "01/24", "cvv", "12", "nameOnCard", "",
                "billingZip", "9800", "addressLine1", "", "addressLine2", "", "city", "", "state", "", "country", "US"));

        assertThat(page.status()).isEqualTo(422);
        assertThat(page.path()).isEqualTo("/account/payments/methods/new");
        assertThat(page.body()).contains("id=\"addCardErrors\"",
                "data-error-for=\"cardNumber\">This card number is not valid",
                "data-error-for=\"expirationDate\">This card has expired.",
                "data-error-for=\"cvv\">Enter the 3- or 4-digit security code.",
                "data-error-for=\"nameOnCard\">Enter the name on the card.",
                "data-error-for=\"billingZip\">Enter a valid 5-digit ZIP code.");
    }

    @Test
    void a_valid_card_stops_at_review_with_its_last4_and_nothing_is_saved_until_confirm() {
        Browser b = signedIn("user_good");
        int before = sandbox.paymentMethods("tmobile", "user_good").size();

        Page review = b.post("/account/payments/methods/new", card("378282246310005", "Amex travel"));

        assertThat(review.path()).isEqualTo("/account/payments/methods/review");
        assertThat(review.body()).contains("<span class=\"tmo-review__last4\">0005</span>",
                "<dd class=\"tmo-review__nickname\">Amex travel</dd>", "id=\"confirmCardBtn\"");
        assertThat(sandbox.paymentMethods("tmobile", "user_good")).hasSize(before);
        assertThat(b.get("/account/payments/methods").body()).doesNotContain("tmo-payment-card__last4\">0005<");
    }

    @Test
    void confirming_the_review_saves_the_card_and_lists_it() {
        Browser b = signedIn("user_good");
        b.post("/account/payments/methods/new", card("4111 1111 1111 1111", ""));
        String reviewId = Html.between(b.get("/account/payments/methods/review").body(), "data-review-id=\"", "\"");

        Page list = b.post("/account/payments/methods/confirm", "reviewId", reviewId);

        assertThat(list.path()).isEqualTo("/account/payments/methods");
        assertThat(list.body()).contains("id=\"paymentMethodSaved\"", "tmo-payment-card__last4\">1111<", "Visa ending in 1111");
        assertThat(sandbox.paymentMethods("tmobile", "user_good")).last()
                .satisfies(m -> {
                    assertThat(m.last4()).isEqualTo("1111");
                    assertThat(m.brand()).isEqualTo("Visa");
                    assertThat(m.expirationDate()).isEqualTo("12/30");
                    assertThat(m.billingAddress().city()).isEqualTo("Seattle");
                });
        assertThat(b.post("/account/payments/methods/confirm", "reviewId", reviewId).path())
                .as("a review is confirmed once").isEqualTo("/account/payments/methods/new");
    }

    @Test
    void statements_are_listed_newest_first_with_amounts_and_dates() {
        Page page = signedIn("user_good").get("/account/billing/statements");

        assertThat(SEED.statements()).hasSizeGreaterThanOrEqualTo(12);
        assertThat(page.count("class=\"tmo-bill\"")).isEqualTo(SEED.statements().size());
        var newest = SEED.statements().getFirst();
        var oldest = SEED.statements().getLast();
        assertThat(newest.periodStart()).isAfter(oldest.periodStart());
        assertThat(page.body().indexOf(newest.id())).isLessThan(page.body().indexOf(oldest.id()));
        assertThat(page.body()).contains("datetime=\"" + newest.periodStart() + "\"",
                "data-amount=\"" + newest.amountDue().toPlainString() + "\" data-currency=\"USD\"");
    }

    static Map<String, String> card(String number, String nickname) {
        return Browser.pairs("cardNumber", number, "expirationDate", "12/30", "cvv", "123", "nameOnCard", "Pat Doe",
                "nickname", nickname, "billingZip", "98101", "addressLine1", "1 Pike St", "addressLine2", "",
                "city", "Seattle", "state", "WA", "country", "US");
    }
}
