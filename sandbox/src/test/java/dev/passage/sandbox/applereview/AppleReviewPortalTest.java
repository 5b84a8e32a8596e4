package dev.passage.sandbox.applereview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.sandbox.HistoryEntry;
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

class AppleReviewPortalTest {
    private static final PortalData SEED = SandboxData.load("apple-review");
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
        return new Browser(sandbox.url("apple-review"));
    }

    private static Page signIn(Browser b, String user, String password) {
        return b.postJson("/appleauth/auth/signin", "{\"accountName\":\"" + user + "\",\"password\":\"" + password + "\"}");
    }

    private static Browser signedIn(String user) {
        Browser b = browser();
        assertThat(signIn(b, user, "pass_good").status()).isEqualTo(200);
        return b;
    }

    private static JsonNode json(Page page) {
        return JSON.readTree(page.body());
    }

    @Test
    void sign_in_page_has_the_account_name_then_password_and_six_code_boxes() {
        Browser b = browser();
        Page page = b.get("/");

        assertThat(page.path()).isEqualTo("/sign-in");
        assertThat(page.body()).contains("id=\"account_name_text_field\"", "id=\"password_row\"", "id=\"password_text_field\"",
                "id=\"sign-in\"", "id=\"errMsg\"", "id=\"verify_code\"", "id=\"char0\"", "id=\"char5\"",
                "<script src=\"/assets/review.js\">");
        assertThat(b.get("/assets/review.js").body()).contains("/appleauth/auth/signin", "history-list");
    }

    @Test
    void good_user_gets_200_and_reaches_the_library() {
        Browser b = browser();

        Page signIn = signIn(b, "user_good", "pass_good");

        assertThat(signIn.status()).isEqualTo(200);
        assertThat(json(signIn).path("authType").asString()).isEqualTo("non-sa");
        Page library = b.get("/library");
        assertThat(library.path()).isEqualTo("/library");
        assertThat(library.body()).contains("id=\"apple-id\">user_good<", "id=\"history-count\">" + SEED.history().size() + "<");
    }

    @Test
    void bad_user_gets_401_with_apples_message_and_no_session() {
        Browser b = browser();

        Page signIn = signIn(b, "user_bad", "pass_good");

        assertThat(signIn.status()).isEqualTo(401);
        assertThat(json(signIn).path("serviceErrors").get(0).path("message").asString())
                .isEqualTo("Your Apple ID or password was incorrect.");
        assertThat(b.get("/library").path()).isEqualTo("/sign-in");
    }

    @Test
    void three_wrong_passwords_in_a_row_lock_the_apple_id_even_against_the_right_one() {
        assertThat(signIn(browser(), "user_lockout", "pass_bad1").status()).isEqualTo(401);
        assertThat(signIn(browser(), "user_lockout", "pass_bad2").status()).isEqualTo(401);

        Page third = signIn(browser(), "user_lockout", "pass_bad3");

        assertThat(third.status()).isEqualTo(403);
        assertThat(json(third).path("serviceErrors").get(0).path("code").asString()).isEqualTo("-20209");
        assertThat(signIn(browser(), "user_lockout", "pass_good").status()).isEqualTo(403);
    }

    @Test
    void locked_user_gets_403_saying_the_apple_id_is_locked() {
        Page signIn = signIn(browser(), "user_locked", "pass_good");

        assertThat(signIn.status()).isEqualTo(403);
        assertThat(json(signIn).path("serviceErrors").get(0).path("message").asString()).contains("locked");
    }

    @Test
    void mfa_user_gets_409_then_needs_the_security_code() {
        Browser b = browser();
        Page signIn = signIn(b, "user_mfa", "pass_good");
        assertThat(signIn.status()).isEqualTo(409);
        assertThat(json(signIn).path("authType").asString()).isEqualTo("hsa2");
        assertThat(b.get("/library").path()).isEqualTo("/sign-in");

        Page wrong = b.postJson("/appleauth/auth/verify/trusteddevice/securitycode", "{\"securityCode\":{\"code\":\"000000\"}}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(json(wrong).path("serviceErrors").get(0).path("message").asString()).isEqualTo("Incorrect verification code.");

        Page right = b.postJson("/appleauth/auth/verify/trusteddevice/securitycode", "{\"securityCode\":{\"code\":\"123456\"}}");
        assertThat(right.status()).isEqualTo(204);
        assertThat(b.get("/library").path()).isEqualTo("/library");
    }

    @Test
    void empty_user_has_no_history() {
        JsonNode history = json(signedIn("user_empty").get("/api/v1/me/history?limit=100"));

        assertThat(history.path("data").size()).isZero();
        assertThat(history.path("meta").path("total").asInt()).isZero();
    }

    @Test
    void history_api_pages_through_every_entry_newest_first() {
        Browser b = signedIn("user_good");
        assertThat(b.get("/library/history").body()).contains("id=\"history-list\"");

        List<String> ids = new ArrayList<>();
        String next = "/api/v1/me/history?limit=10";
        for (int pages = 0; next != null && pages < 10; pages++) {
            JsonNode page = json(b.get(next));
            page.path("data").forEach(item -> ids.add(item.path("id").asString()));
            next = page.has("next") ? page.path("next").asString() : null;
        }

        assertThat(SEED.history()).hasSizeGreaterThanOrEqualTo(30);
        assertThat(ids).containsExactlyElementsOf(SEED.history().stream().map(HistoryEntry::id).toList());
        assertThat(SEED.history().getFirst().readAt()).isAfter(SEED.history().getLast().readAt());
    }

    @Test
    void history_items_carry_title_publisher_duration_and_read_date() {
        JsonNode first = json(signedIn("user_good").get("/api/v1/me/history?limit=100")).path("data").get(0);

        HistoryEntry seed = SEED.history().getFirst();
        assertThat(first.path("id").asString()).isEqualTo(seed.id());
        assertThat(first.path("attributes").path("title").asString()).isEqualTo(seed.title());
        assertThat(first.path("attributes").path("publisherName").asString()).isEqualTo(seed.source());
        assertThat(first.path("attributes").path("durationInSeconds").asInt()).isEqualTo(seed.duration());
        assertThat(first.path("attributes").path("lastReadDate").asString()).isEqualTo(seed.readAt().toString());
    }
}
