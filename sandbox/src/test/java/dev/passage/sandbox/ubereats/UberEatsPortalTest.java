package dev.passage.sandbox.ubereats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.sandbox.Order;
import dev.passage.sandbox.PortalData;
import dev.passage.sandbox.Sandbox;
import dev.passage.sandbox.SandboxData;
import dev.passage.sandbox.testing.Browser;
import dev.passage.sandbox.testing.Browser.Page;
import dev.passage.sandbox.testing.Html;
import dev.passage.sandbox.testing.TestSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class UberEatsPortalTest {
    private static final PortalData SEED = SandboxData.load("ubereats");
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
        return new Browser(sandbox.url("ubereats"));
    }

    /** Opens the login page for its CSRF token and posts the form. */
    private static Page login(Browser b, String user, String password) {
        Page form = b.get("/login");
        String csrf = Html.between(form.body(), "name=\"_csrf\" value=\"", "\"");
        return b.post("/login", "_csrf", csrf, "next", "/feed", "identifier", user, "password", password);
    }

    private static Browser signedIn(String user) {
        Browser b = browser();
        assertThat(login(b, user, "pass_good").path()).isEqualTo("/feed");
        return b;
    }

    @Test
    void good_user_logs_in_with_the_form_and_lands_on_the_feed() {
        Browser b = browser();
        Page form = b.get("/");
        assertThat(form.path()).isEqualTo("/login");
        assertThat(form.body()).contains("data-testid=\"login-form\"", "id=\"PHONE_NUMBER_or_EMAIL_ADDRESS\"",
                "id=\"PASSWORD\"", "id=\"forward-button\"", "name=\"_csrf\"");

        Page feed = login(b, "user_good", "pass_good");

        assertThat(feed.path()).isEqualTo("/feed");
        assertThat(feed.body()).contains("data-testid=\"user-name\">user_good<", "data-testid=\"nav-orders\"");
    }

    @Test
    void a_login_post_without_the_csrf_token_is_refused() {
        Browser b = browser();
        b.get("/login");

        Page page = b.post("/login", "identifier", "user_good", "password", "pass_good");

        assertThat(page.status()).isEqualTo(403);
        assertThat(page.path()).isEqualTo("/login");
        assertThat(b.get("/orders").path()).isEqualTo("/login");
    }

    @Test
    void bad_user_stays_on_the_login_page_with_an_error() {
        Page page = login(browser(), "user_bad", "pass_good");

        assertThat(page.status()).isEqualTo(401);
        assertThat(page.path()).isEqualTo("/login");
        assertThat(page.body()).contains("data-testid=\"login-error\" data-error-code=\"invalid_credentials\"",
                "The email or password you entered is incorrect.");
    }

    @Test
    void three_wrong_passwords_in_a_row_lock_the_account_even_against_the_right_one() {
        assertThat(login(browser(), "user_lockout", "pass_bad1").status()).isEqualTo(401);
        assertThat(login(browser(), "user_lockout", "pass_bad2").status()).isEqualTo(401);

        Page third = login(browser(), "user_lockout", "pass_bad3");

        assertThat(third.status()).isEqualTo(403);
        assertThat(third.body()).contains("data-error-code=\"locked\"", "Your account has been locked.");
        assertThat(login(browser(), "user_lockout", "pass_good").body()).contains("data-error-code=\"locked\"");
    }

    @Test
    void locked_user_is_told_the_account_is_locked() {
        Page page = login(browser(), "user_locked", "pass_good");

        assertThat(page.path()).isEqualTo("/login");
        assertThat(page.body()).contains("data-error-code=\"locked\"", "Your account has been locked.");
    }

    @Test
    void mfa_user_goes_through_the_code_challenge() {
        Browser b = browser();
        Page challenge = login(b, "user_mfa", "pass_good");
        assertThat(challenge.path()).isEqualTo("/login/challenge");
        assertThat(challenge.body()).contains("id=\"OTP-CODE\"", "id=\"forward-button\"");
        String csrf = Html.between(challenge.body(), "name=\"_csrf\" value=\"", "\"");

        Page wrong = b.post("/login/challenge", "_csrf", csrf, "code", "999999");
        assertThat(wrong.path()).isEqualTo("/login/challenge");
        assertThat(wrong.body()).contains("data-testid=\"challenge-error\"", "That code is incorrect.");

        assertThat(b.post("/login/challenge", "_csrf", csrf, "code", "123456").path()).isEqualTo("/feed");
        assertThat(b.get("/orders").count("data-testid=\"order-card\"")).isEqualTo(SEED.orders().size());
    }

    @Test
    void orders_page_needs_a_session_and_comes_back_to_it_after_login() {
        Browser b = browser();
        Page login = b.get("/orders");
        assertThat(login.path()).isEqualTo("/login");
        String csrf = Html.between(login.body(), "name=\"_csrf\" value=\"", "\"");
        assertThat(login.body()).contains("name=\"next\" value=\"/orders\"");

        Page orders = b.post("/login", "_csrf", csrf, "next", "/orders", "identifier", "user_good", "password", "pass_good");

        assertThat(orders.path()).isEqualTo("/orders");
    }

    @Test
    void empty_user_has_no_orders() {
        Page page = signedIn("user_empty").get("/orders");

        assertThat(page.count("data-testid=\"order-card\"")).isZero();
        assertThat(page.body()).contains("data-testid=\"orders-empty\"", "data-count=\"0\"");
    }

    @Test
    void orders_are_cards_newest_first_with_items_totals_and_page_state() {
        Page page = signedIn("user_good").get("/orders");

        assertThat(SEED.orders()).hasSizeGreaterThanOrEqualTo(25);
        assertThat(page.count("data-testid=\"order-card\"")).isEqualTo(SEED.orders().size());
        assertThat(Html.all(page.body(), "data-order-uuid=\"", "\""))
                .containsExactlyElementsOf(SEED.orders().stream().map(Order::id).toList());
        assertThat(SEED.orders().getFirst().placedAt()).isAfter(SEED.orders().get(1).placedAt());
        Order first = SEED.orders().getFirst();
        assertThat(page.body()).contains("datetime=\"" + first.placedAt() + "\"",
                "data-total=\"" + first.total().setScale(2) + "\"",
                "<span data-testid=\"item-name\">" + first.items().getFirst().name() + "</span>");
        assertThat(page.count("data-testid=\"order-item\""))
                .isEqualTo(SEED.orders().stream().mapToInt(o -> o.items().size()).sum());

        JsonNode state = JsonMapper.builder().build().readTree(
                Html.between(page.body(), "<script id=\"__REDUX_STATE__\" type=\"application/json\">", "</script>"));
        assertThat(state.path("orders").path("orderUuids").size()).isEqualTo(SEED.orders().size());
        JsonNode firstState = state.path("orders").path("ordersMap").path(first.id());
        assertThat(firstState.path("storeName").asString()).isEqualTo(first.restaurant());
        assertThat(firstState.path("total").decimalValue()).isEqualByComparingTo(first.total());
        assertThat(firstState.path("items").get(0).path("quantity").asInt()).isEqualTo(first.items().getFirst().quantity());
    }
}
