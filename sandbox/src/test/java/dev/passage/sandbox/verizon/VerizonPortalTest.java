package dev.passage.sandbox.verizon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.sandbox.PaymentMethod;
import dev.passage.sandbox.PortalData;
import dev.passage.sandbox.Sandbox;
import dev.passage.sandbox.SandboxData;
import dev.passage.sandbox.testing.Browser;
import dev.passage.sandbox.testing.Browser.Page;
import dev.passage.sandbox.testing.TestSandbox;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class VerizonPortalTest {
    private static final PortalData SEED = SandboxData.load("verizon");
    private static final JsonMapper JSON = JsonMapper.builder().build();
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
        return new Browser(sandbox.url("verizon"));
    }

    private static Page login(Browser b, String user, String password) {
        return b.postJson("/api/auth/session", "{\"userId\":\"" + user + "\",\"password\":\"" + password + "\"}");
    }

    private static Browser signedIn(String user) {
        Browser b = browser();
        assertThat(login(b, user, "pass_good").status()).isEqualTo(200);
        return b;
    }

    private static JsonNode json(Page page) {
        return JSON.readTree(page.body());
    }

    @Test
    void sign_in_page_is_a_script_driven_form() {
        Browser b = browser();
        Page page = b.get("/");

        assertThat(page.path()).isEqualTo("/signin");
        assertThat(page.body()).contains("id=\"loginForm\"", "id=\"IDToken1\"", "id=\"IDToken2\"", "id=\"login-submit\"",
                "id=\"otpForm\"", "id=\"errorBanner\"", "<script src=\"/assets/vz-app.js\">");
        assertThat(b.get("/assets/vz-app.js").body()).contains("/api/auth/session", "paymentMethodsList");
    }

    @Test
    void good_user_gets_200_from_the_session_api_and_then_reaches_my_verizon() {
        Browser b = browser();

        Page login = login(b, "user_good", "pass_good");

        assertThat(login.status()).isEqualTo(200);
        assertThat(json(login).path("status").asString()).isEqualTo("AUTHENTICATED");
        assertThat(json(login).path("redirectUrl").asString()).isEqualTo("/myaccount/home");
        Page home = b.get("/myaccount/home");
        assertThat(home.path()).isEqualTo("/myaccount/home");
        assertThat(home.body()).contains("id=\"vz-account-holder\">user_good<");
        assertThat(json(b.get("/api/account/profile")).path("userId").asString()).isEqualTo("user_good");
    }

    @Test
    void bad_user_gets_401_and_is_not_signed_in() {
        Browser b = browser();

        Page login = login(b, "user_bad", "pass_good");

        assertThat(login.status()).isEqualTo(401);
        assertThat(json(login).path("status").asString()).isEqualTo("INVALID_CREDENTIALS");
        assertThat(json(login).path("message").asString()).contains("incorrect");
        assertThat(b.get("/myaccount/home").path()).isEqualTo("/signin");
        assertThat(b.get("/api/account/payment-methods").status()).isEqualTo(401);
    }

    @Test
    void three_wrong_passwords_in_a_row_lock_the_account_even_against_the_right_one() {
        assertThat(login(browser(), "user_lockout", "pass_bad1").status()).isEqualTo(401);
        assertThat(login(browser(), "user_lockout", "pass_bad2").status()).isEqualTo(401);

        Page third = login(browser(), "user_lockout", "pass_bad3");

        assertThat(third.status()).isEqualTo(423);
        assertThat(json(third).path("status").asString()).isEqualTo("ACCOUNT_LOCKED");
        assertThat(json(login(browser(), "user_lockout", "pass_good")).path("status").asString()).isEqualTo("ACCOUNT_LOCKED");
    }

    @Test
    void locked_user_gets_423_with_a_locked_message() {
        Page login = login(browser(), "user_locked", "pass_good");

        assertThat(login.status()).isEqualTo(423);
        assertThat(json(login).path("status").asString()).isEqualTo("ACCOUNT_LOCKED");
        assertThat(json(login).path("message").asString()).contains("locked");
    }

    @Test
    void mfa_user_gets_202_and_signs_in_only_with_the_right_code() {
        Browser b = browser();
        Page first = login(b, "user_mfa", "pass_good");
        assertThat(first.status()).isEqualTo(202);
        assertThat(json(first).path("status").asString()).isEqualTo("OTP_REQUIRED");
        assertThat(b.get("/myaccount/home").path()).isEqualTo("/signin");

        Page wrong = b.postJson("/api/auth/session", "{\"otp\":\"111111\"}");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(json(wrong).path("status").asString()).isEqualTo("OTP_INVALID");

        Page right = b.postJson("/api/auth/session", "{\"otp\":\"123456\"}");
        assertThat(right.status()).isEqualTo(200);
        assertThat(json(b.get("/api/account/bills")).path("bills").size()).isEqualTo(SEED.statements().size());
    }

    @Test
    void empty_user_has_no_payment_methods_and_no_bills() {
        Browser b = signedIn("user_empty");

        assertThat(json(b.get("/api/account/payment-methods")).path("paymentMethods").size()).isZero();
        assertThat(json(b.get("/api/account/bills")).path("bills").size()).isZero();
    }

    @Test
    void payment_methods_api_returns_the_seed_in_verizons_own_shape() {
        Browser b = signedIn("user_good");
        assertThat(b.get("/myaccount/payments").body()).contains("id=\"paymentMethodsList\"", "data-page=\"payments\"");

        JsonNode methods = json(b.get("/api/account/payment-methods")).path("paymentMethods");

        List<String> ids = new ArrayList<>();
        methods.forEach(m -> ids.add(m.path("paymentMethodId").asString()));
        assertThat(ids).startsWith(SEED.paymentMethods().stream().map(PaymentMethod::id).toArray(String[]::new));
        JsonNode primary = methods.get(1);
        assertThat(primary.path("primary").asBoolean()).isTrue();
        assertThat(primary.path("type").asString()).isEqualTo("CREDIT_CARD");
        assertThat(primary.path("cardBrand").asString()).isEqualTo("Visa");
        assertThat(primary.path("lastFour").asString()).isEqualTo("0077");
        assertThat(primary.path("expiry").asString()).isEqualTo("07/28");
        assertThat(primary.path("nickName").asString()).isEqualTo("Autopay Visa");
        assertThat(primary.path("billingAddress").path("zipCode").asString()).isEqualTo("10013");
        assertThat(primary.path("billingAddress").path("street2").asString()).isEqualTo("Floor 9");
        assertThat(methods.get(3).path("type").asString()).isEqualTo("BANK_ACCOUNT");
        assertThat(methods.get(3).path("bankName").asString()).isEqualTo("Citibank");
    }

    @Test
    void card_validation_returns_422_with_an_error_per_field() {
        Page page = signedIn("user_good").postJson("/api/account/payment-methods/validate", """
                {"cardNumber":"4111111111111111","expirationDate":"13/30","cvv":"","nameOnCard":"Pat Doe",
                 "billingZip":"1001","billingAddress":{"line1":"","city":"","state":"","country":"US"}}""");

        assertThat(page.status()).isEqualTo(422);
        JsonNode errors = json(page).path("errors");
        assertThat(errors.path("expirationDate").asString()).isEqualTo("Enter the expiration date as MM/YY.");
        assertThat(errors.path("cvv").asString()).isEqualTo("Enter the 3- or 4-digit security code.");
        assertThat(errors.path("billingZip").asString()).isEqualTo("Enter a valid 5-digit ZIP code.");
        assertThat(errors.has("cardNumber")).isFalse();
    }

    @Test
    void a_validated_card_is_only_on_review_until_it_is_confirmed() {
        Browser b = signedIn("user_good");
        int before = sandbox.paymentMethods("verizon", "user_good").size();

        Page review = b.postJson("/api/account/payment-methods/validate", """
                {"cardNumber":"6011 0009 9013 9424","expirationDate":"04/29","cvv":"1234","nameOnCard":"Pat Doe",
                 "nickname":"","billingZip":"10001","billingAddress":{"line1":"","line2":"","city":"","state":"","country":"US"}}""");

        assertThat(review.status()).isEqualTo(200);
        assertThat(json(review).path("lastFour").asString()).isEqualTo("9424");
        assertThat(json(review).path("nickName").asString()).isEqualTo("Discover ending in 9424");
        assertThat(sandbox.paymentMethods("verizon", "user_good")).hasSize(before);

        Page saved = b.postJson("/api/account/payment-methods",
                "{\"reviewId\":\"" + json(review).path("reviewId").asString() + "\"}");

        assertThat(saved.status()).isEqualTo(201);
        assertThat(json(saved).path("lastFour").asString()).isEqualTo("9424");
        JsonNode methods = json(b.get("/api/account/payment-methods")).path("paymentMethods");
        assertThat(methods.size()).isEqualTo(before + 1);
        assertThat(methods.get(before).path("billingAddress").path("zipCode").asString()).isEqualTo("10001");
        assertThat(b.postJson("/api/account/payment-methods", "{\"reviewId\":\"again\"}").status()).isEqualTo(409);
    }

    @Test
    void bills_api_lists_every_statement_newest_first() {
        Browser b = signedIn("user_good");
        assertThat(b.get("/myaccount/bills").body()).contains("id=\"billsList\"");

        JsonNode bills = json(b.get("/api/account/bills")).path("bills");

        assertThat(bills.size()).isEqualTo(SEED.statements().size()).isGreaterThanOrEqualTo(12);
        var newest = SEED.statements().getFirst();
        assertThat(bills.get(0).path("billId").asString()).isEqualTo(newest.id());
        assertThat(bills.get(0).path("billCycleStartDate").asString()).isEqualTo(newest.periodStart().toString());
        assertThat(bills.get(0).path("totalAmountDue").decimalValue()).isEqualByComparingTo(newest.amountDue());
        assertThat(bills.get(0).path("billCycleStartDate").asString())
                .isGreaterThan(bills.get(1).path("billCycleStartDate").asString());
    }
}
