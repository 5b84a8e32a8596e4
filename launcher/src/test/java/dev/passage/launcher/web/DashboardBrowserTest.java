package dev.passage.launcher.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.passage.device.DeviceRuntime;
import dev.passage.server.people.Role;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in headless Chromium against the real server over real HTTP: signing in, lockout,
 * CSRF, roles, API keys, a link linked through the device runtime (result, trace, deliveries,
 * resend), people, signing keys and try it. Every page is photographed at desktop and phone width.
 */
class DashboardBrowserTest {
    static WebHarness web;

    @BeforeAll
    static void start() {
        web = new WebHarness("dashboard", true, Map.of("dashboard.lockout-failures", "3"));
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    @Test
    void signing_in_with_the_right_password_opens_the_links_page() {
        try (BrowserContext context = web.context()) {
            Page page = context.newPage();
            page.navigate(web.base() + "/dashboard/links");
            assertThat(page.url()).contains("/dashboard/sign-in?next=");
            web.shoot(page, "sign-in");
            page.fill("#email", web.adminEmail);
            page.fill("#password", WebHarness.PASSWORD);
            page.keyboard().press("Enter");
            page.waitForURL("**/dashboard/links");
            assertThat(page.textContent("h1")).isEqualTo("Links");
            assertThat(page.textContent(".psg-org")).isEqualTo("Acme");
            web.shoot(page, "links-empty");
        }
    }

    @Test
    void a_wrong_password_is_refused_with_a_message_on_the_sign_in_page() {
        try (BrowserContext context = web.context()) {
            Page page = context.newPage();
            page.navigate(web.base() + "/dashboard/sign-in");
            page.fill("#email", web.adminEmail);
            page.fill("#password", "not my password");
            page.click("button[type=submit]");
            assertThat(page.textContent("#sign-in-error")).isEqualTo("The email or the password is wrong.");
            assertThat(page.url()).endsWith("/dashboard/sign-in");
            web.shoot(page, "sign-in-wrong-password");
        }
    }

    @Test
    void an_account_is_locked_after_three_failures_and_then_refuses_even_the_right_password() {
        String email = "locked@acme.example";
        var invitation = web.server.passage.people().invite(web.orgId, email, Role.VIEWER);
        web.server.passage.people().acceptInvitation(invitation.token(), WebHarness.PASSWORD);
        try (BrowserContext context = web.context()) {
            Page page = context.newPage();
            for (int i = 1; i <= 3; i++) {
                page.navigate(web.base() + "/dashboard/sign-in");
                page.fill("#email", email);
                page.fill("#password", "wrong " + i);
                page.click("button[type=submit]");
            }
            assertThat(page.textContent("#sign-in-error")).contains("locked until");
            page.navigate(web.base() + "/dashboard/sign-in");
            page.fill("#email", email);
            page.fill("#password", WebHarness.PASSWORD);
            page.click("button[type=submit]");
            assertThat(page.textContent("#sign-in-error")).contains("locked until");
            web.shoot(page, "sign-in-locked");
        }
    }

    @Test
    void a_form_posted_without_its_csrf_token_or_with_a_wrong_one_is_refused_with_403() {
        try (BrowserContext context = web.context()) {
            Page page = web.signedIn(context, web.adminEmail);
            int keys = web.server.passage.orgs().listKeys(web.orgId).size();
            APIResponse none = page.request().post(web.base() + "/dashboard/keys",
                    RequestOptions.create().setForm(FormData.create()));
            assertThat(none.status()).isEqualTo(403);
            APIResponse wrong = page.request().post(web.base() + "/dashboard/keys",
                    RequestOptions.create().setForm(FormData.create().set("_csrf", "forged")));
            assertThat(wrong.status()).isEqualTo(403);
            assertThat(wrong.text()).contains("security token");
            APIResponse htmx = page.request().post(web.base() + "/dashboard/keys",
                    RequestOptions.create().setHeader("HX-Request", "true").setHeader("X-CSRF-Token", "forged"));
            assertThat(htmx.status()).isEqualTo(403);
            assertThat(htmx.text()).startsWith("{\"error\":");
            assertThat(web.server.passage.orgs().listKeys(web.orgId)).hasSize(keys);
            page.navigate(web.base() + "/dashboard/nowhere");
            web.shoot(page, "not-found");
        }
    }

    @Test
    void a_viewer_has_no_revoke_button_and_the_server_refuses_a_revoke_made_by_hand() {
        String keyId = web.server.passage.orgs().createKey(web.orgId).key().id();
        try (BrowserContext context = web.context()) {
            Page page = web.signedIn(context, web.viewerEmail);
            page.navigate(web.base() + "/dashboard/keys");
            assertThat(page.locator("tr[data-key='" + keyId + "']").count()).isEqualTo(1);
            assertThat(page.locator("form[action$='/revoke']").count()).isZero();
            assertThat(page.locator("#create-key").count()).isZero();
            web.shoot(page, "keys-viewer");
            String csrf = page.getAttribute("input[name=_csrf]", "value");
            APIResponse refused = page.request().post(web.base() + "/dashboard/keys/" + keyId + "/revoke",
                    RequestOptions.create().setForm(FormData.create().set("_csrf", csrf)));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.text()).contains("Only an admin of Acme may do this");
            assertThat(web.server.passage.orgs().listKeys(web.orgId).stream().filter(k -> k.id().equals(keyId))
                    .findFirst().orElseThrow().revoked()).isFalse();
        }
    }

    @Test
    void a_new_key_is_shown_once_works_over_http_and_stops_working_when_revoked() {
        try (BrowserContext context = web.context()) {
            Page page = web.signedIn(context, web.adminEmail);
            page.click("nav a[href='/dashboard/keys']");
            page.click("#create-key");
            String key = page.textContent("#new-key").strip();
            String keyId = page.getAttribute("#new-key", "data-key-id");
            assertThat(key).startsWith("psg_");
            web.shoot(page, "keys-created");

            page.navigate(web.base() + "/dashboard/keys");
            assertThat(page.content()).doesNotContain(key);
            assertThat(page.textContent("tr[data-key='" + keyId + "'] .psg-last-used")).isEqualTo("never");
            assertThat(web.server.get("/v1/providers", key).status()).isEqualTo(200);
            page.reload();
            assertThat(page.textContent("tr[data-key='" + keyId + "'] .psg-last-used")).endsWith("UTC");
            web.shoot(page, "keys");

            page.click("tr[data-key='" + keyId + "'] button:has-text('Revoke')");
            page.waitForSelector("tr[data-key='" + keyId + "'] .psg-badge-failed");
            assertThat(web.server.get("/v1/providers", key).status()).isEqualTo(401);
        }
    }

    @Test
    void a_link_linked_through_the_device_runtime_shows_its_result_trace_and_deliveries_and_resend_makes_a_new_delivery()
            throws Exception {
        JsonNode created = web.createLink("{\"integrationId\":\"tmobile\",\"resource\":\"paymentMethod\",\"action\":\"read\","
                + "\"debug\":true,\"externalUserId\":\"user_42\",\"webhookUrl\":\"" + web.receiver.url() + "\"}");
        String linkId = created.get("linkId").asString();
        try (BrowserContext context = web.context()) {
            Page page = web.signedIn(context, web.adminEmail);
            assertThat(page.getAttribute("#link-rows tr:first-child [data-status]", "data-status")).isEqualTo("pending");
            CompletableFuture<DeviceRuntime.Outcome> device = CompletableFuture.supplyAsync(() -> web.device(created));
            // The list follows the link by itself (htmx polling): no reload.
            page.waitForSelector("#link-rows a:has-text('" + linkId + "') >> xpath=ancestor::tr//*[@data-status='complete']",
                    new Page.WaitForSelectorOptions().setTimeout(90_000));
            assertThat(device.get(30, TimeUnit.SECONDS).complete()).isTrue();
            web.shoot(page, "links");

            page.navigate(web.base() + "/dashboard/links?status=complete&integrationId=tmobile&externalUserId=user_42");
            assertThat(page.locator("#link-rows tr").count()).isEqualTo(1);
            page.navigate(web.base() + "/dashboard/links?externalUserId=someone_else");
            assertThat(page.textContent("#link-rows")).contains("No links here yet");

            page.navigate(web.base() + "/dashboard/links");
            page.click("a:has-text('" + linkId + "')");
            page.waitForSelector("#result");
            assertThat(page.textContent("#result")).contains("\"paymentMethods\"").contains("\"last4\"");
            assertThat(page.textContent("#timeline")).contains("pending").contains("active").contains("complete");
            assertThat(page.textContent("#sessions")).contains("complete");
            page.waitForSelector("[data-trace] .psg-step", new Page.WaitForSelectorOptions().setTimeout(30_000));
            assertThat(page.locator("[data-trace] .psg-step").count()).isGreaterThan(2);
            page.locator("details.psg-shot").first().evaluate("d => d.open = true");
            page.waitForFunction("() => { const i = document.querySelector('details.psg-shot img'); return i && i.complete && i.naturalWidth > 100; }");
            page.waitForSelector("#deliveries [data-delivery] .psg-badge-delivered", new Page.WaitForSelectorOptions().setTimeout(30_000));
            assertThat(page.textContent("#deliveries")).contains("link.complete").contains("200");
            web.shoot(page, "link");

            page.click("#resend");
            page.waitForFunction("() => document.querySelectorAll('#deliveries [data-delivery]').length === 2");
            assertThat(page.textContent("#deliveries")).contains("Sent again as a new delivery.").contains("a resend of");
            page.waitForSelector("#deliveries [data-delivery]:first-of-type .psg-badge-delivered",
                    new Page.WaitForSelectorOptions().setTimeout(30_000));
            assertThat(web.receiver.bodies).hasSize(2);
            assertThat(web.receiver.bodies.get(1)).isEqualTo(web.receiver.bodies.get(0));
            web.shoot(page, "link-resent");
        }
    }

    @Test
    void a_link_that_failed_shows_its_error_and_the_failing_step_of_its_trace_with_its_screenshot() {
        JsonNode created = web.createLink("{\"integrationId\":\"att\",\"resource\":\"paymentMethod\",\"action\":\"read\","
                + "\"debug\":true}");
        assertThat(web.device(created, "user_bad").complete()).isFalse();
        try (BrowserContext context = web.context()) {
            Page page = web.signedIn(context, web.viewerEmail);
            page.navigate(web.base() + "/dashboard/links/" + created.get("linkId").asString());
            assertThat(page.textContent("#link-error")).startsWith("AUTOMATION_ERROR");
            page.waitForSelector(".psg-step-failed", new Page.WaitForSelectorOptions().setTimeout(30_000));
            assertThat(page.textContent(".psg-step-failed .psg-error-text")).contains("AUTOMATION_ERROR");
            page.waitForFunction("() => { const i = document.querySelector('.psg-step-failed details[open] img');"
                    + " return i && i.complete && i.naturalWidth > 100; }");
            assertThat(page.locator("#resend").count()).isZero();
            web.shoot(page, "link-failed");
        }
    }

    @Test
    void people_signing_keys_and_try_it_work_from_their_pages() {
        try (BrowserContext context = web.context()) {
            Page page = web.signedIn(context, web.adminEmail);
            page.click("nav a[href='/dashboard/people']");
            page.fill("#invite-email", "grace@acme.example");
            page.selectOption("#invite-role", "admin");
            page.click("button:has-text('Invite')");
            assertThat(page.textContent("#invitation-url")).contains("/dashboard/invite?token=inv_");
            web.shoot(page, "people");

            page.click("nav a[href='/dashboard/signing-keys']");
            int before = page.locator("#signing-keys tbody tr").count();
            page.click("#rotate");
            page.waitForFunction("n => document.querySelectorAll('#signing-keys tbody tr').length === n", before + 1);
            assertThat(page.textContent("#signing-keys tbody tr:first-child")).contains("signing");
            web.shoot(page, "signing-keys");

            page.click("nav a[href='/dashboard/try']");
            page.selectOption("#try-operation", "att:paymentMethod.write");
            page.waitForSelector("input[name='arg.cardNumber']");
            assertThat(page.url()).contains("operation=att");
            assertThat(page.inputValue("input[name='arg.cardNumber']")).isEqualTo("4111111111111111");
            web.shoot(page, "try");
            page.click("#try-create");
            page.waitForSelector("[data-try-link]");
            byte[] qr = page.locator("[data-try-link] img.psg-qr").screenshot();
            assertThat(WebHarness.decodeQr(qr)).startsWith(web.server.passage.config().publicUrl() + "/clip?code=clm_");
            assertThat(page.textContent("#try-status")).contains("pending");
            web.shoot(page, "try-created");
        }
    }
}
