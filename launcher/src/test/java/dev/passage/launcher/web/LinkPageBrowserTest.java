package dev.passage.launcher.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import dev.passage.server.testing.Flows;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The link page (a link's appClipUrl) in headless Chromium for each state of a link, its live status,
 * and its hand-over to the browser extension; a scripted worker plays the automation.
 */
class LinkPageBrowserTest {
    static WebHarness web;
    static Flows flows;

    @BeforeAll
    static void start() {
        web = new WebHarness("link-page", false, Map.of());
        flows = new Flows(web.server);
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    private String page(Flows.LinkRef link) {
        return web.base() + "/clip?code=" + link.claimCode();
    }

    @Test
    void a_pending_link_s_page_says_what_it_is_for_and_follows_the_link_as_it_moves() {
        Flows.LinkRef link = flows.createLink("""
                {"integrationId":"tmobile","operations":[{"resource":"paymentMethod","action":"read"},
                 {"resource":"mobileBillingStatement","action":"read"}]}""");
        try (BrowserContext context = web.context()) {
            Page page = context.newPage();
            Response response = page.navigate(page(link));
            assertThat(response.status()).isEqualTo(200);
            assertThat(page.textContent("h1")).isEqualTo("Link your T-Mobile account");
            assertThat(page.textContent("#purpose")).isEqualTo("Test org wants to read your T-Mobile payment methods and billing statements.");
            assertThat(page.textContent("#device-command")).isEqualTo("./passage device '" + page.url() .replace("127.0.0.1", "localhost") + "'");
            assertThat(page.isVisible("#extension-absent")).isTrue();
            assertThat(page.isVisible("#continue-extension")).isFalse();
            web.shoot(page, "pending");

            Flows.Claimed claimed = flows.claimOk(link.claimCode());
            page.waitForSelector("#link-status[data-status=active]");
            assertThat(page.textContent("#link-status")).contains("In progress on a device");
            try (Flows.Both both = flows.active(claimed)) {
                both.worker().send("""
                        {"type":"worker.complete","result":{"operations":[
                          {"resource":"paymentMethod","action":"read","data":{"paymentMethods":[]}},
                          {"resource":"mobileBillingStatement","action":"read","data":{"billing":[]}}]}}""");
                page.waitForSelector("#link-status[data-status=complete]");
            }
            assertThat(page.textContent("#link-status")).contains("Done: your account is linked");
            assertThat(page.isVisible("#continue-heading")).isFalse();
        }
    }

    @Test
    void a_try_that_fails_while_the_page_is_open_is_told_in_the_person_s_words_and_may_be_tried_again() {
        Flows.LinkRef link = flows.createLink();
        try (BrowserContext context = web.context()) {
            Page page = context.newPage();
            page.navigate(page(link));
            assertThat(page.isVisible("#last-try")).isFalse();
            try (Flows.Both both = flows.active(flows.claimOk(link.claimCode()))) {
                page.waitForSelector("#link-status[data-status=active]");
                both.worker().send("{\"type\":\"worker.fail\",\"error\":{\"code\":\"AUTOMATION_ERROR\",\"reason\":"
                        + "\"invalid_credentials\",\"message\":\"T-Mobile refused the sign-in [invalid_credentials]\"}}");
                both.client().next("server.session_end");
            }
            page.waitForSelector("#last-try", new Page.WaitForSelectorOptions()
                    .setState(com.microsoft.playwright.options.WaitForSelectorState.VISIBLE));
            assertThat(page.textContent("#last-try")).isEqualTo("Last try: T-Mobile did not accept the username or password.");
            assertThat(page.textContent("#link-status")).contains("Waiting for you to try again");
            assertThat(page.textContent("main")).doesNotContain("invalid_credentials").doesNotContain("refused");
            web.shoot(page, "failed-live");

            page.reload();
            assertThat(page.textContent("#last-try")).isEqualTo("Last try: T-Mobile did not accept the username or password.");
            assertThat(page.isVisible("#continue-heading")).as("it may be tried again").isTrue();
            web.shoot(page, "retry");
        }
    }

    @Test
    void with_the_extension_present_the_page_offers_continue_in_this_browser_and_hands_it_the_code() {
        Flows.LinkRef link = flows.createLink();
        try (BrowserContext context = web.context()) {
            Page page = context.newPage();
            page.navigate(page(link));
            page.evaluate("() => { window.sent = []; window.addEventListener('message', e => {"
                    + " if (e.data && e.data.source === 'passage-link-page') window.sent.push(e.data); }); }");
            page.evaluate("() => window.postMessage({source: 'passage-extension', type: 'present', version: '0.1.0'}, location.origin)");
            page.waitForSelector("#continue-extension", new Page.WaitForSelectorOptions()
                    .setState(com.microsoft.playwright.options.WaitForSelectorState.VISIBLE));
            assertThat(page.isVisible("#extension-absent")).isFalse();
            page.click("#continue-extension");
            page.waitForFunction("() => window.sent.some(m => m.type === 'open')");
            assertThat(page.evaluate("window.sent.find(m => m.type === 'open').code")).isEqualTo(link.claimCode());
            page.evaluate("() => window.postMessage({source: 'passage-extension', type: 'opened', code: '" + link.claimCode()
                    + "'}, location.origin)");
            page.waitForFunction("() => document.getElementById('extension-note').textContent.includes('tab')");
            web.shoot(page, "pending-with-extension");
        }
        try (BrowserContext context = web.context()) {
            Page page = context.newPage();
            // As the extension does once its worker has answered: after the page's own script ran.
            page.addInitScript("document.addEventListener('DOMContentLoaded', () => "
                    + "document.documentElement.dataset.passageExtension = '0.1.0')");
            page.navigate(page(link));
            page.waitForSelector("#continue-extension", new Page.WaitForSelectorOptions()
                    .setState(com.microsoft.playwright.options.WaitForSelectorState.VISIBLE).setTimeout(5000));
        }
    }

    @Test
    void a_complete_expired_unknown_or_incomplete_link_each_has_its_own_page_and_status() {
        Flows.LinkRef done = flows.createLink();
        try (Flows.Both both = flows.active(flows.claimOk(done.claimCode()))) {
            both.worker().send("{\"type\":\"worker.complete\",\"result\":{\"paymentMethods\":[]}}");
            both.client().next("server.session_end");
        }
        Flows.LinkRef expiring = flows.createLink();
        try (BrowserContext context = web.context()) {
            Page page = context.newPage();
            assertThat(page.navigate(page(done)).status()).isEqualTo(409);
            assertThat(page.textContent("h1")).isEqualTo("Your T-Mobile account is linked");
            web.shoot(page, "complete");

            web.server.clock.advance(Duration.ofHours(5));
            assertThat(page.navigate(page(expiring)).status()).isEqualTo(410);
            assertThat(page.textContent("h1")).isEqualTo("This link has expired");
            web.shoot(page, "expired");

            assertThat(page.navigate(web.base() + "/clip?code=clm_00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
            assertThat(page.textContent("h1")).isEqualTo("We don't know this link");
            web.shoot(page, "unknown");

            assertThat(page.navigate(web.base() + "/clip").status()).isEqualTo(400);
            web.shoot(page, "missing-code");
        }
    }
}
