package dev.passage.launcher.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.passage.device.Chromium;
import dev.passage.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The link page and the browser extension meeting in real Chromium: with the extension loaded
 * unpacked, the page offers "Continue in this browser" and pressing it opens the extension's consent
 * page, in the same words; without it, the page says how to install it (and, from source, how to load
 * it unpacked). Screenshots at 1280 and 390 px in {@code target/screenshots/link-page/}.
 */
class LinkPageHandOverTest {
    static final Path SHOTS = Path.of("target", "screenshots", "link-page").toAbsolutePath();
    static TestServer server;
    static String key;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start("sqlite", Map.of());
        key = server.newOrgKey();
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode createLink(String body) {
        TestServer.Response r = server.postJson("/v1/links", key, body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    @Test
    void with_the_extension_the_page_offers_continue_in_this_browser_which_opens_the_consent_page_in_the_same_words() {
        JsonNode created = createLink("""
                {"integrationId":"att","operations":[{"resource":"paymentMethod","action":"read"},
                 {"resource":"mobileBillingStatement","action":"read","arguments":{"limit":2}}]}""");
        try (ExtensionBrowser browser = ExtensionBrowser.launch()) {
            Page linkPage = browser.openLinkPage(created.path("appClipUrl").asString());
            assertThat(linkPage.textContent("#continue-extension")).isEqualTo("Continue in this browser");
            assertThat(linkPage.isVisible("#extension-absent")).as("no install instructions once it is there").isFalse();
            String purpose = linkPage.textContent("#purpose");
            assertThat(purpose).isEqualTo("Test org wants to read your AT&T payment methods and billing statements.");
            shoot(linkPage, "extension-continue");

            Page consent = browser.continueInThisBrowser(linkPage);
            assertThat(consent.url()).startsWith(browser.url("consent.html"));
            assertThat(consent.isVisible("#ask")).isTrue();
            assertThat(consent.textContent("#sentence")).as("one wording for the page and the consent").isEqualTo(purpose);
            assertThat(consent.textContent("#ops")).contains("Read your AT&T payment methods")
                    .contains("Read your AT&T billing statements").doesNotContain("paymentMethod");
            assertThat(consent.textContent("#agree")).isEqualTo("Continue to AT&T");
            ExtensionBrowser.await("the link page to say where to go on", Duration.ofSeconds(10),
                    () -> linkPage.textContent("#extension-note").contains("the tab the extension opened"));
            shoot(linkPage, "extension-opened");
            assertThat(server.get("/v1/links/" + created.path("linkId").asString(), key).json().path("status").asString())
                    .as("nothing is claimed before the person agrees").isEqualTo("pending");
            consent.close();
            linkPage.close();
        }
    }

    @Test
    void without_the_extension_the_page_says_how_to_install_it_and_how_to_load_it_unpacked() {
        JsonNode created = createLink("""
                {"integrationId":"tmobile","resource":"paymentMethod","action":"write","arguments":{
                 "cardNumber":"4111111111111111","expirationDate":"12/30","cvv":"123","nameOnCard":"Test User",
                 "billingZip":"94105","dryRun":true}}""");
        try (Chromium chromium = Chromium.launch(true, Optional.of(Path.of("/usr/bin/chromium")).filter(Files::isExecutable));
             BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions()
                     .setViewportSize(ExtensionBrowser.DESKTOP_WIDTH, ExtensionBrowser.DESKTOP_HEIGHT))) {
            Page page = context.newPage();
            assertThat(page.navigate(created.path("appClipUrl").asString()).status()).isEqualTo(200);
            assertThat(page.textContent("#purpose")).isEqualTo("Test org wants to add a payment card to your T-Mobile account.");
            assertThat(page.isVisible("#extension-absent")).isTrue();
            assertThat(page.isVisible("#continue-extension")).isFalse();
            assertThat(page.textContent("#extension-absent")).contains("Install the Passage Connect extension")
                    .contains("Continue in this browser");
            // People read no argument names or other jargon; the card never shows.
            assertThat(page.textContent("main")).doesNotContain("dryRun").doesNotContain("paymentMethod")
                    .doesNotContain("4111").doesNotContain("Test User");
            shoot(page, "no-extension");

            page.click("#extension-unpacked summary");
            page.waitForSelector("#extension-unpacked li", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.VISIBLE));
            assertThat(page.textContent("#extension-unpacked")).contains("chrome://extensions").contains("Developer mode")
                    .contains("Load unpacked").contains("extension/");
            shoot(page, "no-extension-unpacked");
        }
    }

    /** The page at 1280 and at 390 px wide (full height); a phone never scrolls sideways. */
    private static void shoot(Page page, String name) {
        page.setViewportSize(ExtensionBrowser.DESKTOP_WIDTH, ExtensionBrowser.DESKTOP_HEIGHT);
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + "-desktop.png")).setFullPage(true));
        page.setViewportSize(ExtensionBrowser.PHONE_WIDTH, ExtensionBrowser.PHONE_HEIGHT);
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + "-phone.png")).setFullPage(true));
        assertThat(((Number) page.evaluate("document.documentElement.scrollWidth")).intValue())
                .as("%s is wider than a 390-px phone", name).isLessThanOrEqualTo(ExtensionBrowser.PHONE_WIDTH);
        page.setViewportSize(ExtensionBrowser.DESKTOP_WIDTH, ExtensionBrowser.DESKTOP_HEIGHT);
    }
}
