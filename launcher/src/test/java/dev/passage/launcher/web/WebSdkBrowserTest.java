package dev.passage.launcher.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import dev.passage.device.DeviceRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The web SDK's modal on an integrator's page of another origin, in headless Chromium, against the
 * real server: the QR code decodes to the link's appClipUrl, the status follows /link/ws to the end
 * and the callbacks get the link id, focus stays in the dialog, Escape closes, reopening keeps the
 * state, a phone gets a button, and the ES module does the same without a global.
 */
class WebSdkBrowserTest {
    static WebHarness web;
    static HttpServer integrator;

    @BeforeAll
    static void start() throws IOException {
        web = new WebHarness("web-sdk", true, Map.of());
        integrator = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        integrator.createContext("/", exchange -> {
            String page = exchange.getRequestURI().getPath().equals("/module") ? modulePage() : classicPage();
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        integrator.start();
    }

    @AfterAll
    static void stop() {
        integrator.stop(0);
        web.close();
    }

    /** An integrator's page: its own button, the SDK from the Passage server, the callbacks kept in window.events. */
    private static String classicPage() {
        return """
                <!doctype html><html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1"><title>Acme</title></head>
                <body style="font-family: Georgia, serif; color: #600">
                <h1>Acme checkout</h1><button id="link">Link your phone account</button>
                <script>window.events = []; window.before = Object.keys(window);</script>
                <script src="%1$s/sdk/passage.js"></script>
                <script>
                  window.added = Object.keys(window).filter(k => !window.before.includes(k) && k !== "before");
                  const code = new URLSearchParams(location.search).get("code");
                  const log = (type) => (linkId, error) => window.events.push({type, linkId, error: error || null});
                  document.getElementById("link").addEventListener("click", () => Passage.open({claimCode: code,
                    onStatus: (s) => window.events.push({type: "status", status: s.status, linkId: s.linkId}),
                    onComplete: log("complete"), onFailed: log("failed"), onExpired: log("expired"), onClose: log("close")}));
                </script></body></html>""".formatted(web.base());
    }

    private static String modulePage() {
        return """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme</title></head><body>
                <button id="link">Link</button>
                <script type="module">
                  import Passage from "%1$s/sdk/passage.mjs";
                  window.events = [];
                  const code = new URLSearchParams(location.search).get("code");
                  document.getElementById("link").addEventListener("click", () => Passage.open({claimCode: code,
                    onComplete: (linkId) => window.events.push({type: "complete", linkId})}));
                  window.ready = true;
                </script></body></html>""".formatted(web.base());
    }

    private String integratorUrl(String path, JsonNode created) {
        return "http://127.0.0.1:" + integrator.getAddress().getPort() + path + "?code=" + created.get("claimCode").asString();
    }

    private static String status(Page page) {
        return page.textContent("[data-passage-modal] .psg-status-text");
    }

    @Test
    void the_modal_shows_a_qr_code_of_the_app_clip_url_follows_the_link_to_complete_and_calls_back_with_its_id()
            throws Exception {
        JsonNode created = web.createLink("{\"integrationId\":\"verizon\",\"resource\":\"paymentMethod\",\"action\":\"read\"}");
        try (BrowserContext context = web.context()) {
            Page page = context.newPage();
            page.navigate(integratorUrl("/", created));
            assertThat(page.evaluate("window.added")).isEqualTo(List.of("Passage"));
            page.click("#link");
            page.waitForSelector("[data-passage-modal] #psg-qr");
            page.waitForFunction("() => { const i = document.querySelector('[data-passage-modal]').shadowRoot"
                    + ".querySelector('#psg-qr'); return i.complete && i.naturalWidth > 0; }");
            assertThat(page.locator("[data-passage-modal] [role=dialog]").getAttribute("aria-modal")).isEqualTo("true");
            assertThat(page.locator("[data-passage-modal] [role=status]").getAttribute("aria-live")).isEqualTo("polite");
            String appClipUrl = created.get("appClipUrl").asString();
            assertThat(WebHarness.decodeQr(page.locator("[data-passage-modal] #psg-qr").screenshot())).isEqualTo(appClipUrl);
            assertThat(page.textContent("[data-passage-modal] #psg-url")).isEqualTo(appClipUrl);
            assertThat(status(page)).isEqualTo("Waiting for you to open the link");
            web.shootViewport(page, "modal-pending-desktop");

            CompletableFuture<DeviceRuntime.Outcome> device = CompletableFuture.supplyAsync(() -> web.device(created));
            page.waitForFunction("() => document.querySelector('[data-passage-modal]').shadowRoot"
                    + ".querySelector('.psg-status').dataset.status === 'active'", null,
                    new Page.WaitForFunctionOptions().setTimeout(60_000).setPollingInterval(50));
            assertThat(status(page)).isEqualTo("Linking: finish on your device");
            web.shootViewport(page, "modal-active-desktop");
            page.waitForFunction("() => window.events.some(e => e.type === 'complete')", null,
                    new Page.WaitForFunctionOptions().setTimeout(90_000));
            assertThat(device.get(30, TimeUnit.SECONDS).complete()).isTrue();
            String linkId = created.get("linkId").asString();
            assertThat(page.evaluate("window.events.filter(e => e.type === 'complete').map(e => e.linkId)"))
                    .isEqualTo(List.of(linkId));
            assertThat(page.evaluate("window.events.filter(e => e.type === 'status').map(e => e.status)"))
                    .isEqualTo(List.of("pending", "active", "complete"));
            assertThat(page.textContent("[data-passage-modal] h2")).isEqualTo("All set");
            web.shootViewport(page, "modal-complete-desktop");
            page.click("[data-passage-modal] button:has-text('Done')");
            assertThat(page.locator("[data-passage-modal]").count()).isZero();
            assertThat(page.evaluate("window.events.filter(e => e.type === 'close').length")).isEqualTo(1);
        }
    }

    @Test
    void a_failed_try_says_why_in_the_person_s_words_and_calls_on_failed_and_the_same_link_can_be_tried_again() {
        JsonNode created = web.createLink("{\"integrationId\":\"tmobile\",\"resource\":\"paymentMethod\",\"action\":\"read\"}");
        try (BrowserContext context = web.context()) {
            Page page = context.newPage();
            page.navigate(integratorUrl("/", created));
            page.click("#link");
            page.waitForSelector("[data-passage-modal] #psg-qr");
            assertThat(web.device(created, "user_bad").complete()).isFalse();
            page.waitForFunction("() => window.events.some(e => e.type === 'failed')");
            assertThat(status(page)).isEqualTo("That did not finish");
            // In the person's words, from /link/info: not the integrator's message or its reason word.
            page.waitForSelector("[data-passage-modal] [role=alert]:has-text('did not accept')");
            assertThat(page.textContent("[data-passage-modal] [role=alert]"))
                    .isEqualTo("T-Mobile did not accept the username or password. You can try again with the same link.");
            assertThat(page.evaluate("window.events.find(e => e.type === 'failed').error.code")).isEqualTo("AUTOMATION_ERROR");
            assertThat(page.locator("[data-passage-modal] #psg-qr").count()).isEqualTo(1);
            web.shootViewport(page, "modal-failed-desktop");
        }
    }

    @Test
    void focus_stays_in_the_dialog_escape_closes_it_and_reopening_shows_where_the_link_is_now() {
        JsonNode created = web.createLink("{\"integrationId\":\"att\",\"resource\":\"paymentMethod\",\"action\":\"read\"}");
        try (BrowserContext context = web.context()) {
            Page page = context.newPage();
            page.navigate(integratorUrl("/", created));
            page.click("#link");
            page.waitForSelector("[data-passage-modal] #psg-qr");
            assertThat(page.evaluate("document.activeElement.matches('[data-passage-modal]')")).isEqualTo(true);
            for (int i = 0; i < 8; i++) {
                page.keyboard().press(i % 3 == 2 ? "Shift+Tab" : "Tab");
                assertThat(page.evaluate("document.activeElement.matches('[data-passage-modal]')")).as("after key %d", i).isEqualTo(true);
            }
            page.keyboard().press("Escape");
            assertThat(page.locator("[data-passage-modal]").count()).isZero();
            assertThat(page.evaluate("document.activeElement.id")).isEqualTo("link");
            assertThat(page.evaluate("window.events.filter(e => e.type === 'close').length")).isEqualTo(1);

            // Claimed while the modal is closed: the status is still followed, and shows at once on reopening.
            assertThat(web.server.postJson("/link/claim", null, "{\"code\":\"" + created.get("claimCode").asString() + "\"}")
                    .status()).isEqualTo(200);
            page.waitForFunction("() => window.events.some(e => e.type === 'status' && e.status === 'active')");
            page.click("#link");
            assertThat(status(page)).isEqualTo("Linking: finish on your device");
        }
    }

    @Test
    void on_a_phone_the_modal_offers_a_button_that_opens_the_link_and_a_qr_code_on_request() {
        JsonNode created = web.createLink("{\"integrationId\":\"ubereats\",\"resource\":\"orderHistory\",\"action\":\"read\"}");
        try (BrowserContext context = web.browser().newContext(new Browser.NewContextOptions()
                .setViewportSize(WebHarness.PHONE_W, WebHarness.PHONE_H).setIsMobile(true).setHasTouch(true))) {
            Page page = context.newPage();
            page.navigate(integratorUrl("/", created));
            page.click("#link");
            page.waitForSelector("[data-passage-modal] #psg-continue");
            assertThat(page.getAttribute("[data-passage-modal] #psg-continue", "href")).isEqualTo(created.get("appClipUrl").asString());
            assertThat(page.locator("[data-passage-modal] #psg-qr").count()).isZero();
            assertThat(((Number) page.evaluate("document.documentElement.scrollWidth")).intValue()).isLessThanOrEqualTo(WebHarness.PHONE_W);
            web.shootViewport(page, "modal-pending-phone");
            page.click("[data-passage-modal] button:has-text('QR code')");
            page.waitForSelector("[data-passage-modal] #psg-qr");
            web.shootViewport(page, "modal-qr-phone");
        }
    }

    @Test
    void the_es_module_opens_the_same_modal_without_a_global() {
        JsonNode created = web.createLink("{\"integrationId\":\"apple-review\",\"resource\":\"readHistory\",\"action\":\"read\"}");
        try (BrowserContext context = web.context()) {
            Page page = context.newPage();
            page.navigate(integratorUrl("/module", created));
            page.waitForFunction("() => window.ready === true");
            assertThat(page.evaluate("typeof window.Passage")).isEqualTo("undefined");
            page.click("#link");
            page.waitForSelector("[data-passage-modal] #psg-qr");
            assertThat(page.textContent("[data-passage-modal] #psg-url")).isEqualTo(created.get("appClipUrl").asString());
        }
    }
}
