package dev.passage.sandbox.att;

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

class AttPortalTest {
    private static final PortalData SEED = SandboxData.load("att");
    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = TestSandbox.start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static Browser browser() {
        return new Browser(sandbox.url("att"));
    }

    private static Page signIn(Browser b, String user, String password) {
        return b.post("/acctmgmt/signin", "userName", user, "password", password);
    }

    private static Browser signedIn(String user) {
        Browser b = browser();
        assertThat(signIn(b, user, "pass_good").path()).isEqualTo("/acctmgmt/overview");
        return b;
    }

    @Test
    void good_user_posts_the_sign_in_form_and_is_redirected_to_the_overview() {
        Browser b = browser();
        Page form = b.get("/");
        assertThat(form.path()).isEqualTo("/acctmgmt/signin");
        assertThat(form.body()).contains("id=\"signInForm\"", "id=\"userName\"", "id=\"password\"", "id=\"signin\"");

        Page overview = signIn(b, "user_good", "pass_good");

        assertThat(overview.path()).isEqualTo("/acctmgmt/overview");
        assertThat(overview.body()).contains("id=\"welcomeMessage\"", "user_good");
    }

    @Test
    void bad_user_stays_on_the_sign_in_page_with_an_error() {
        Page page = signIn(browser(), "user_bad", "anything");

        assertThat(page.status()).isEqualTo(401);
        assertThat(page.path()).isEqualTo("/acctmgmt/signin");
        assertThat(page.body()).contains("id=\"errorMessage\"", "data-error-code=\"invalid_credentials\"",
                "doesn't match our records", "value=\"user_bad\"");
    }

    @Test
    void three_wrong_passwords_in_a_row_lock_the_account_even_against_the_right_one() {
        assertThat(signIn(browser(), "user_lockout", "pass_bad1").status()).isEqualTo(401);
        assertThat(signIn(browser(), "user_lockout", "pass_bad2").status()).isEqualTo(401);

        Page third = signIn(browser(), "user_lockout", "pass_bad3");

        assertThat(third.status()).isEqualTo(403);
        assertThat(third.body()).contains("data-error-code=\"locked\"", "your account has been locked");
        assertThat(signIn(browser(), "user_lockout", "pass_good").body()).contains("data-error-code=\"locked\"");
    }

    @Test
    void locked_user_is_told_the_account_is_locked() {
        Page page = signIn(browser(), "user_locked", "pass_good");

        assertThat(page.path()).isEqualTo("/acctmgmt/signin");
        assertThat(page.body()).contains("data-error-code=\"locked\"", "your account has been locked");
    }

    @Test
    void mfa_user_needs_the_one_time_code() {
        Browser b = browser();
        Page otp = signIn(b, "user_mfa", "pass_good");
        assertThat(otp.path()).isEqualTo("/acctmgmt/signin/otp");
        assertThat(otp.body()).contains("id=\"otpCode\"", "id=\"submitOtp\"");

        Page wrong = b.post("/acctmgmt/signin/otp", "code", "654321");
        assertThat(wrong.path()).isEqualTo("/acctmgmt/signin/otp");
        assertThat(wrong.body()).contains("data-error-code=\"invalid_code\"", "The code you entered is incorrect");

        assertThat(b.post("/acctmgmt/signin/otp", "code", "123456").path()).isEqualTo("/acctmgmt/overview");
        assertThat(b.get("/acctmgmt/payments/wallet").count("class=\"wallet-row\"")).isEqualTo(SEED.paymentMethods().size());
    }

    @Test
    void empty_user_has_an_empty_wallet_and_no_bills() {
        Browser b = signedIn("user_empty");

        assertThat(b.get("/acctmgmt/payments/wallet").count("class=\"wallet-row\"")).isZero();
        assertThat(b.get("/acctmgmt/billing/history").count("class=\"bill-row\"")).isZero();
    }

    @Test
    void wallet_table_has_a_row_per_seed_method_with_its_details() {
        Page page = signedIn("user_good").get("/acctmgmt/payments/wallet");

        // Cards saved by other tests of this class come after the seed.
        assertThat(Html.all(page.body(), "data-wallet-id=\"", "\""))
                .startsWith(SEED.paymentMethods().stream().map(PaymentMethod::id).toArray(String[]::new));
        assertThat(page.count("<span class=\"label-default\">")).isEqualTo(1);
        for (PaymentMethod m : SEED.paymentMethods()) {
            assertThat(page.body()).contains("data-wallet-id=\"" + m.id() + "\" data-type=\"" + m.type() + "\"",
                    "<span class=\"last4\">" + m.last4() + "</span>");
        }
        assertThat(page.body()).contains("<td class=\"col-brand\">American Express</td>",
                "<td class=\"col-expiry\">05/30</td>", "<td class=\"col-zip\">75202</td>",
                "<span class=\"addr-line2\">Suite 1200</span>", "<td class=\"col-brand\">Wells Fargo</td>");
    }

    @Test
    void add_card_with_invalid_fields_shows_errors_next_to_the_fields() {
        Page page = signedIn("user_good").post("/acctmgmt/payments/wallet/add", Browser.pairs(
                "ccNumber", "1234", "cardHolderName", "Pat Doe", "expMonth", "01", "expYear", "2026",
                "securityCode", "12345", "billingZip", "ABCDE", "billingAddress1", "1 Main St", "billingCity", "",
                "billingState", ""));

        assertThat(page.status()).isEqualTo(422);
        assertThat(page.body()).contains("id=\"formErrors\"",
                "id=\"ccNumber-error\">Enter a valid card number.",
                "id=\"expMonth-error\">This card has expired.",
                "id=\"securityCode-error\">Enter the 3- or 4-digit security code.",
                "id=\"billingCity-error\">Enter the city.",
                "id=\"billingState-error\">Enter the 2-letter state.",
                "id=\"billingZip-error\">Enter a valid 5-digit ZIP code.");
    }

    @Test
    void a_valid_card_stops_at_review_and_only_confirm_saves_it() {
        Browser b = signedIn("user_good");
        int before = sandbox.paymentMethods("att", "user_good").size();

        Page review = b.post("/acctmgmt/payments/wallet/add", card("5555-5555-5555-4444", "Backup MC"));

        assertThat(review.path()).isEqualTo("/acctmgmt/payments/wallet/add/review");
        assertThat(review.body()).contains("<td id=\"reviewLast4\">4444</td>", "<td id=\"reviewNickname\">Backup MC</td>",
                "<td id=\"reviewExpiry\">09/31</td>");
        assertThat(sandbox.paymentMethods("att", "user_good")).hasSize(before);

        String reviewId = Html.between(review.body(), "name=\"reviewId\" value=\"", "\"");
        Page wallet = b.post("/acctmgmt/payments/wallet/add/confirm", "reviewId", reviewId);

        assertThat(wallet.path()).isEqualTo("/acctmgmt/payments/wallet");
        assertThat(wallet.body()).contains("id=\"successMessage\"", "<span class=\"last4\">4444</span>");
        assertThat(wallet.count("class=\"wallet-row\"")).isEqualTo(before + 1);
        assertThat(sandbox.paymentMethods("att", "user_good")).last().satisfies(m -> {
            assertThat(m.id()).startsWith("WLT-");
            assertThat(m.brand()).isEqualTo("Mastercard");
            assertThat(m.billingAddress().state()).isEqualTo("TX");
        });
    }

    @Test
    void bill_history_lists_every_statement_newest_first_with_iso_data_attributes() {
        Page page = signedIn("user_good").get("/acctmgmt/billing/history");

        assertThat(SEED.statements()).hasSizeGreaterThanOrEqualTo(12);
        assertThat(page.count("class=\"bill-row\"")).isEqualTo(SEED.statements().size());
        var newest = SEED.statements().getFirst();
        assertThat(page.body().indexOf(newest.id())).isLessThan(page.body().indexOf(SEED.statements().get(1).id()));
        assertThat(page.body()).contains("data-bill-id=\"" + newest.id() + "\" data-period-start=\"" + newest.periodStart()
                + "\" data-period-end=\"" + newest.periodEnd() + "\" data-due-date=\"" + newest.dueDate()
                + "\" data-amount=\"" + newest.amountDue().toPlainString() + "\" data-currency=\"USD\"");
    }

    private static Map<String, String> card(String number, String nickname) {
        return Browser.pairs("ccNumber", number, "cardHolderName", "Pat Doe", "expMonth", "09", "expYear", "2031",
                "securityCode", "321", "cardNickname", nickname, "billingAddress1", "208 S Akard St",
                "billingAddress2", "", "billingCity", "Dallas", "billingState", "TX", "billingZip", "75202");
    }
}
