package dev.passage.launcher.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.passage.device.SandboxUsers;
import dev.passage.launcher.Launcher;
import dev.passage.launcher.testing.ScriptedWorker;
import dev.passage.sandbox.PaymentMethod;
import dev.passage.sandbox.Sandbox;
import dev.passage.sandbox.SandboxData;
import dev.passage.server.json.Json;
import dev.passage.server.testing.TestServer;
import dev.passage.server.testing.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every integration × operation through the extension, against the sandbox portals of one hosted
 * server: link page → consent → claim → the hosted worker drives the extension's tab → the person
 * (this test, as a sandbox user) logs in when the overlay says it is their turn → the link completes.
 */
class ExtensionIntegrationsTest {
    static final String CARD = """
            "cardNumber":"4111111111111111","expirationDate":"12/30","cvv":"123","nameOnCard":"Test User",
            "billingZip":"94105","billingAddress":{"line1":"1 Main St","city":"San Francisco","state":"CA"}""";
    static Sandbox portals;
    static TestServer server;
    static String key;
    static ExtensionBrowser browser;

    @BeforeAll
    static void start() {
        portals = Sandbox.start(0);
        server = TestServer.startHosted("sqlite", Map.of(), Launcher.portals(portals));
        key = server.newOrgKey();
        browser = ExtensionBrowser.launch();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
        portals.close();
    }

    @AfterEach
    void endLeftovers() {
        browser.cancelSession();
    }

    static Sandbox sandbox() {
        return portals;
    }

    /** One case: the link body, the sandbox user who logs in, and what the result must show. */
    record Case(String name, String body, String user, BiConsumer<JsonNode, Integer> check) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        Stream.Builder<Case> cases = Stream.builder();
        for (String id : List.of("tmobile", "att", "verizon")) {
            cases.add(new Case(id + " paymentMethod read", "{\"integrationId\":\"" + id
                    + "\",\"resource\":\"paymentMethod\",\"action\":\"read\"}", "user_good", (result, before) -> {
                List<PaymentMethod> now = sandbox().paymentMethods(id, "user_good");
                assertThat(result.path("paymentMethods").size()).isEqualTo(now.size());
                assertThat(result.path("paymentMethods").get(0).path("last4").asString()).isEqualTo(now.getFirst().last4());
            }));
            cases.add(new Case(id + " paymentMethod write dryRun", "{\"integrationId\":\"" + id
                    + "\",\"resource\":\"paymentMethod\",\"action\":\"write\",\"arguments\":{" + CARD + ",\"dryRun\":true}}",
                    "user_mfa", (result, before) -> {
                assertThat(result.path("dryRun").asBoolean()).isTrue();
                assertThat(result.path("card").path("last4").asString()).isEqualTo("1111");
                assertThat(sandbox().paymentMethods(id, "user_mfa")).hasSize(before);
            }));
            cases.add(new Case(id + " paymentMethod write", "{\"integrationId\":\"" + id
                    + "\",\"resource\":\"paymentMethod\",\"action\":\"write\",\"arguments\":{" + CARD + ",\"dryRun\":false}}",
                    "user_empty", (result, before) -> {
                assertThat(result.path("success").asBoolean()).isTrue();
                assertThat(result.path("card").path("last4").asString()).isEqualTo("1111");
                assertThat(sandbox().paymentMethods(id, "user_empty")).hasSize(before + 1);
            }));
            cases.add(new Case(id + " mobileBillingStatement read with limit", "{\"integrationId\":\"" + id
                    + "\",\"resource\":\"mobileBillingStatement\",\"action\":\"read\",\"arguments\":{\"limit\":2}}",
                    "user_good", (result, before) -> {
                assertThat(result.path("billing").size()).isEqualTo(2);
                assertThat(result.path("billing").get(0).path("statementId").asString())
                        .isEqualTo(SandboxData.load(id).statements().getFirst().id());
            }));
        }
        cases.add(new Case("ubereats orderHistory read", """
                {"integrationId":"ubereats","resource":"orderHistory","action":"read","arguments":{"limit":3}}""",
                "user_good", (result, before) -> {
            assertThat(result.path("orderCount").asInt()).isEqualTo(3);
            assertThat(result.path("orders").get(0).path("uuid").asString())
                    .isEqualTo(SandboxData.load("ubereats").orders().getFirst().id());
        }));
        cases.add(new Case("apple-review readHistory read", """
                {"integrationId":"apple-review","resource":"readHistory","action":"read","arguments":{"limit":4}}""",
                "user_good", (result, before) -> {
            assertThat(result.path("history").size()).isEqualTo(4);
            assertThat(result.path("history").get(0).path("id").asString())
                    .isEqualTo(SandboxData.load("apple-review").history().getFirst().id());
        }));
        cases.add(new Case("apple-review readHistory read, MFA user", """
                {"integrationId":"apple-review","resource":"readHistory","action":"read","arguments":{"limit":1}}""",
                "user_mfa", (result, before) -> assertThat(result.path("history").size()).isEqualTo(1)));
        return cases.build().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void every_integration_completes_through_the_extension(Case c) {
        String integration = Json.mapper().readTree(c.body()).path("integrationId").asString();
        boolean carrier = List.of("tmobile", "att", "verizon").contains(integration);
        int before = carrier ? sandbox().paymentMethods(integration, c.user()).size() : 0;
        JsonNode link = run(c.body(), c.user());
        assertThat(link.path("status").asString()).as(link.toString()).isEqualTo("complete");
        c.check().accept(link.path("result"), before);
    }

    /** Creates the link, opens it through the link page, agrees, logs in as {@code user}; the settled link. */
    static JsonNode run(String body, String user) {
        // Each case logs in afresh: one browser serves them all, and a portal still signed in as the
        // previous case's user would run this one as that user.
        browser.context.clearCookies();
        TestServer.Response created = server.postJson("/v1/links", key, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String linkId = created.json().path("linkId").asString();
        Page consent = browser.openFromLinkPage(created.json().path("appClipUrl").asString());
        Page tab = browser.agree(consent);
        ExtensionBrowser.actAsPerson(tab, user, () -> !status(linkId).equals("active") && !status(linkId).equals("pending"),
                Duration.ofSeconds(90));
        JsonNode link = server.get("/v1/links/" + linkId, key).json();
        ExtensionBrowser.await("the overlay to show the end", Duration.ofSeconds(10),
                () -> List.of("done", "failed").contains(String.valueOf(ExtensionBrowser.overlayMode(tab))));
        tab.close();
        return link;
    }

    static String status(String linkId) {
        return server.get("/v1/links/" + linkId, key).json().path("status").asString();
    }

    /**
     * Counts the secret fills of the card number the server sends the extension, as a debug viewer of
     * the session sees them (with their value redacted); reads what has arrived without waiting.
     */
    static final class CardFills {
        final WsClient viewer;
        int seen;

        CardFills(WsClient viewer) {
            this.viewer = viewer;
        }

        int count() {
            for (JsonNode m = viewer.poll(Duration.ofMillis(5)); m != null; m = viewer.poll(Duration.ofMillis(5))) {
                JsonNode message = m.path("message");
                if (m.path("direction").asString().equals("server_to_client") && message.path("type").asString().equals("server.command")
                        && message.path("command").asString().equals("fill")
                        && message.path("args").path("selector").asString().equals("#cardNumber")) {
                    seen++;
                }
            }
            return seen;
        }
    }

    @Test
    void a_restart_while_a_secret_fill_is_outstanding_types_the_card_and_never_its_redacted_copy() {
        // The add-card form holds its card number field back until the test lets it show, so the fill
        // is still waiting when the extension's service worker is stopped; and it notes whether the
        // field ever got "[redacted]".
        String hold = """
                <style id="passage-test-hold">#cardNumber { display: none !important; }</style>
                <script>document.addEventListener('input', e => { if (String(e.target.value || '').includes('[redacted]'))
                  sessionStorage.setItem('passage-test-redacted', e.target.id); }, true);</script>""";
        String form = portals.url("tmobile") + "/account/payments/methods/new";
        browser.context.route(url -> url.startsWith(form), route -> {
            APIResponse original = route.fetch();
            route.fulfill(new Route.FulfillOptions().setResponse(original).setBody(original.text().replace("</head>", hold + "</head>")));
        });
        try {
            browser.context.clearCookies();
            int before = sandbox().paymentMethods("tmobile", "user_good").size();
            TestServer.Response created = server.postJson("/v1/links", key, "{\"integrationId\":\"tmobile\",\"resource\":"
                    + "\"paymentMethod\",\"action\":\"write\",\"arguments\":{" + CARD + ",\"dryRun\":false}}");
            String linkId = created.json().path("linkId").asString();
            Page tab = browser.agree(browser.openFromLinkPage(created.json().path("appClipUrl").asString()));
            String[] sessionId = new String[1];
            ExtensionBrowser.await("the claim", Duration.ofSeconds(20), () -> {
                sessionId[0] = server.get("/v1/links/" + linkId, key).json().path("currentSessionId").asString(null);
                return sessionId[0] != null;
            });
            CardFills fills = new CardFills(ScriptedWorker.debugViewer(server, sessionId[0]));
            try {
                ExtensionBrowser.actAsPerson(tab, "user_good", () -> fills.count() >= 1, Duration.ofSeconds(60));

                // Stopped while the fill waits; the popup wakes it, it reconnects, and its replay holds the
                // fill's redacted copy. The server asks the worker for the fill again.
                browser.stopServiceWorker();
                Page popup = browser.context.newPage();
                popup.navigate(browser.url("popup.html"));
                ExtensionBrowser.pump(tab, "the fill to be sent again", Duration.ofSeconds(60), () -> fills.count() >= 2);
                tab.evaluate("() => document.getElementById('passage-test-hold').remove()");
                ExtensionBrowser.pump(tab, "the link to complete", Duration.ofSeconds(60), () -> !status(linkId).equals("active"));
                popup.close();
            } finally {
                fills.viewer.close();
            }
            JsonNode link = server.get("/v1/links/" + linkId, key).json();
            assertThat(link.path("status").asString()).as(link.toString()).isEqualTo("complete");
            assertThat(link.path("result").path("card").path("last4").asString()).isEqualTo("1111");
            assertThat(sandbox().paymentMethods("tmobile", "user_good")).hasSize(before + 1);
            assertThat(tab.evaluate("() => sessionStorage.getItem('passage-test-redacted')")).as("a field got [redacted]").isNull();
            tab.close();
        } finally {
            browser.context.unrouteAll();
        }
    }

    @Test
    void declining_on_the_consent_page_fails_the_link_with_reason_user_cancelled() {
        TestServer.Response created = server.postJson("/v1/links", key, "{\"integrationId\":\"att\",\"resource\":"
                + "\"paymentMethod\",\"action\":\"write\",\"arguments\":{" + CARD + ",\"dryRun\":true}}");
        String linkId = created.json().path("linkId").asString();
        Page consent = browser.openFromLinkPage(created.json().path("appClipUrl").asString());
        assertThat(consent.textContent("#sentence")).isEqualTo("Test org wants to add a payment card to your AT&T account.");
        assertThat(consent.textContent("main")).doesNotContain("4111").doesNotContain("1111");
        ExtensionBrowser.screenshot(consent, "consent-desktop", ExtensionBrowser.DESKTOP_WIDTH, ExtensionBrowser.DESKTOP_HEIGHT);
        ExtensionBrowser.screenshot(consent, "consent-phone", ExtensionBrowser.PHONE_WIDTH, ExtensionBrowser.PHONE_HEIGHT);

        consent.click("#decline");
        consent.waitForSelector("#declined:not([hidden])");
        assertThat(consent.textContent("#declined")).contains("Test org has been told you declined");
        JsonNode link = server.get("/v1/links/" + linkId, key).json();
        assertThat(link.path("status").asString()).isEqualTo("failed");
        assertThat(link.path("error").path("code").asString()).isEqualTo("CONNECTION_FAILED");
        assertThat(link.path("error").path("reason").asString()).isEqualTo("user_cancelled");
        assertThat(link.path("currentSessionId").isNull()).as("nothing was claimed").isTrue();
        consent.close();
    }

    @Test
    void the_overlay_tells_the_person_when_it_is_their_turn_and_the_popup_follows_the_session() {
        TestServer.Response created = server.postJson("/v1/links", key, """
                {"integrationId":"tmobile","resource":"mobileBillingStatement","action":"read","arguments":{"limit":1}}""");
        String linkId = created.json().path("linkId").asString();
        browser.context.clearCookies();
        Page tab = browser.agree(browser.openFromLinkPage(created.json().path("appClipUrl").asString()));
        ExtensionBrowser.await("the person's turn", Duration.ofSeconds(20), () -> "turn".equals(ExtensionBrowser.overlayMode(tab)));
        ExtensionBrowser.screenshot(tab, "overlay-turn-desktop", ExtensionBrowser.DESKTOP_WIDTH, ExtensionBrowser.DESKTOP_HEIGHT);
        ExtensionBrowser.screenshot(tab, "overlay-turn-phone", ExtensionBrowser.PHONE_WIDTH, ExtensionBrowser.PHONE_HEIGHT);
        // The page stays usable under the overlay: the sign-in field at the bottom of a phone screen takes clicks.
        assertThat(tab.evaluate("() => { const o = document.querySelector('passage-overlay');"
                + " return getComputedStyle(o).pointerEvents; }")).isEqualTo("none");

        Page popup = browser.context.newPage();
        popup.navigate(browser.url("popup.html"));
        popup.waitForSelector("#session:not([hidden])");
        assertThat(popup.textContent("#who")).isEqualTo("T-Mobile · for Test org");
        assertThat(popup.textContent("#badge")).isEqualTo("Your turn");
        assertThat(popup.textContent("#heading")).isEqualTo("Your turn: log in to T-Mobile in this tab");
        assertThat(popup.textContent("#link")).isEqualTo(linkId);
        assertThat(popup.isVisible("#cancel")).isTrue();
        ExtensionBrowser.screenshot(popup, "popup-desktop", ExtensionBrowser.DESKTOP_WIDTH, ExtensionBrowser.DESKTOP_HEIGHT);
        ExtensionBrowser.screenshot(popup, "popup-phone", ExtensionBrowser.PHONE_WIDTH, ExtensionBrowser.PHONE_HEIGHT);

        tab.setViewportSize(ExtensionBrowser.DESKTOP_WIDTH, ExtensionBrowser.DESKTOP_HEIGHT);
        ExtensionBrowser.actAsPerson(tab, "user_good", () -> status(linkId).equals("complete"), Duration.ofSeconds(60));
        ExtensionBrowser.await("the popup to say done", Duration.ofSeconds(10), () -> popup.textContent("#badge").equals("Done"));
        assertThat(popup.isVisible("#cancel")).isFalse();
        ExtensionBrowser.await("the overlay to say done", Duration.ofSeconds(10), () -> "done".equals(ExtensionBrowser.overlayMode(tab)));
        ExtensionBrowser.screenshot(tab, "overlay-done-phone", ExtensionBrowser.PHONE_WIDTH, ExtensionBrowser.PHONE_HEIGHT);
        popup.close();
        tab.close();
    }

    @Test
    void a_wrong_password_then_the_right_one_completes_and_the_overlay_says_what_happens() {
        TestServer.Response created = server.postJson("/v1/links", key, """
                {"integrationId":"tmobile","resource":"mobileBillingStatement","action":"read","arguments":{"limit":1}}""");
        String linkId = created.json().path("linkId").asString();
        browser.context.clearCookies();
        Page tab = browser.agree(browser.openFromLinkPage(created.json().path("appClipUrl").asString()));

        // The person mistypes once and waits: the overlay, still the person's turn, says so.
        ExtensionBrowser.actAsPerson(tab, new SandboxUsers.Credentials("user_good", List.of("pass_goof"), List.of()),
                () -> browser.status().path("heading").asString().equals("That password didn't work"), Duration.ofSeconds(40));
        assertThat(browser.status().path("subheading").asString()).isEqualTo("Check it and try again — 2 tries left");
        ExtensionBrowser.await("the overlay to show the retry", Duration.ofSeconds(5), () -> "turn".equals(ExtensionBrowser.overlayMode(tab)));
        ExtensionBrowser.screenshot(tab, "retry-desktop", ExtensionBrowser.DESKTOP_WIDTH, ExtensionBrowser.DESKTOP_HEIGHT);
        ExtensionBrowser.screenshot(tab, "retry-phone", ExtensionBrowser.PHONE_WIDTH, ExtensionBrowser.PHONE_HEIGHT);
        tab.setViewportSize(ExtensionBrowser.DESKTOP_WIDTH, ExtensionBrowser.DESKTOP_HEIGHT);

        // Then the right one: the worker carries on by itself and says what it does until it is done.
        // (The overlay at work, with a heading and progress, is drawn in ExtensionSessionTest.)
        ExtensionBrowser.actAsPerson(tab, SandboxUsers.find("user_good").orElseThrow(),
                () -> status(linkId).equals("complete"), Duration.ofSeconds(40));
        ExtensionBrowser.await("the overlay to say done", Duration.ofSeconds(10), () -> "done".equals(ExtensionBrowser.overlayMode(tab)));
        tab.close();
    }

    @Test
    void a_link_pasted_in_the_popup_opens_the_consent_page_and_an_unknown_server_is_refused() {
        TestServer.Response created = server.postJson("/v1/links", key, """
                {"integrationId":"ubereats","resource":"orderHistory","action":"read"}""");
        Page popup = browser.context.newPage();
        popup.navigate(browser.url("popup.html"));
        popup.fill("#link-input", "https://connect.elsewhere.example/clip?code=" + created.json().path("claimCode").asString());
        popup.click("#open button[type=submit]");
        popup.waitForSelector("#open-error:visible");
        assertThat(popup.textContent("#open-error"))
                .isEqualTo("This extension is not set up for the Passage server at https://connect.elsewhere.example.");
        popup.fill("#link-input", "not a link");
        popup.click("#open button[type=submit]");
        ExtensionBrowser.await("the error to change", Duration.ofSeconds(5),
                () -> popup.textContent("#open-error").startsWith("Paste the link"));

        popup.fill("#link-input", created.json().path("appClipUrl").asString());
        Page consent = browser.context.waitForPage(() -> popup.click("#open button[type=submit]"));
        consent.waitForSelector("#ask:not([hidden])");
        assertThat(consent.textContent("#sentence")).isEqualTo("Test org wants to read your Uber Eats order history.");
        assertThat(consent.textContent("#agree")).isEqualTo("Continue to Uber Eats");
        consent.close();
        popup.close();
        assertThat(status(created.json().path("linkId").asString())).as("nothing runs before agreeing").isEqualTo("pending");
    }

    @Test
    void the_link_page_learns_the_extension_is_installed() {
        TestServer.Response created = server.postJson("/v1/links", key, """
                {"integrationId":"tmobile","resource":"paymentMethod","action":"read"}""");
        Page page = browser.context.newPage();
        page.navigate(created.json().path("appClipUrl").asString());
        page.waitForSelector("html[data-passage-extension]", new Page.WaitForSelectorOptions()
                .setState(WaitForSelectorState.ATTACHED));
        assertThat(page.evaluate("() => document.documentElement.dataset.passageExtension"))
                .isEqualTo(browser.version());
        Object answer = page.evaluate("""
                () => new Promise(resolve => {
                  window.addEventListener('message', e => { if (e.data && e.data.source === 'passage-extension'
                    && e.data.type === 'present') resolve(e.data.version); });
                  window.postMessage({source: 'passage-link-page', type: 'ping'}, location.origin);
                })""");
        assertThat(answer).isEqualTo(page.evaluate("() => document.documentElement.dataset.passageExtension"));
        page.close();
    }
}
