package dev.passage.launcher.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Page;
import dev.passage.launcher.testing.ScriptedWorker;
import dev.passage.launcher.testing.TestSite;
import dev.passage.server.testing.Flows;
import dev.passage.server.testing.TestServer;
import dev.passage.server.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The extension against the real server with a scripted worker (the test sends the commands), on two
 * small local sites: the integration's own (its only allowed origin) and another one. Commands and
 * their answers, the origin policy, the top-frame rule for telemetry, and a service worker that is
 * stopped mid-session.
 */
class ExtensionSessionTest {
    static TestSite site;
    static TestSite other;
    static String siteUrl;
    static String otherUrl;
    static TestServer server;
    static Flows flows;
    static ExtensionBrowser browser;
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void start() {
        other = TestSite.start(path -> switch (path) {
            case "/frame" -> TestSite.page("Frame", TestSite.FORGER);
            default -> TestSite.page("Elsewhere", "<h1 id='elsewhere'>Another site</h1>");
        });
        otherUrl = other.url;
        site = TestSite.start(path -> switch (path) {
            case "/login" -> TestSite.page("Sign in", """
                    <form method="post" action="/session"><input name="username" id="username">
                    <input type="password" name="password" id="password"><button id="signin" type="submit">Sign in</button></form>
                    <iframe id="same" src="/frame"></iframe><iframe id="cross" src="%s/frame"></iframe>
                    <iframe id="sandboxed" sandbox="allow-scripts" srcdoc="<script>%s</script>"></iframe>"""
                    .formatted(otherUrl, TestSite.FORGER.replace("\"", "&quot;").replace("<script>", "").replace("</script>", "")));
            case "/frame" -> TestSite.page("Frame", TestSite.FORGER);
            case "/signin" -> TestSite.page("Sign in", """
                    <form method="post" action="/session"><input name="username" id="username">
                    <input type="password" name="password" id="password"><button id="signin" type="submit">Sign in</button></form>""");
            case "/account" -> TestSite.page("Account", "<span id='card'>4242</span> <a id='away' href='" + otherUrl
                    + "/elsewhere'>elsewhere</a>");
            case "/form" -> TestSite.page("Form", FORM);
            case "/flood" -> TestSite.page("Flood", TestSite.FLOOD);
            case "/csp" -> "CSP" + TestSite.page("Strict", "<p id='strict'>strict</p><script>window.fromPage = 1;</script>");
            default -> path.startsWith("/submitted") ? TestSite.page("Submitted", "<p id='done'>submitted</p>")
                    : path.startsWith("/api/session") ? "JSON{\"ok\":true}" : TestSite.page("Nothing", "nothing");
        });
        siteUrl = site.url;
        // The server's clock is a test clock that moves only when told: a reconnect grace never runs out
        // by itself, so the restart test shows the extension coming back, not the server waiting longer.
        server = TestServer.start("sqlite", Map.of("automation.live-base-urls", "tmobile=" + siteUrl));
        flows = new Flows(server);
        browser = ExtensionBrowser.launch();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
        site.close();
        other.close();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        browser.cancelSession();
    }

    static final String FORM = """
            <form id="f" action="/submitted" method="get"><input id="name" name="name">
            <select id="color" name="color"><option value="r">Red</option><option value="g">Green</option></select>
            <textarea id="notes" name="notes"></textarea><input type="checkbox" id="check">
            <button id="go" type="submit">Go</button></form>
            <div id="echo"></div><div id="changes">0</div><div id="hidden" style="display:none">h</div>
            <a id="link" href="/submitted?x=1" data-x="42">Link</a>
            <script>
            const name = document.getElementById('name');
            name.addEventListener('input', e => document.getElementById('echo').textContent = e.target.value);
            name.addEventListener('change', () => { const c = document.getElementById('changes'); c.textContent = String(+c.textContent + 1); });
            document.addEventListener('keydown', e => { if (e.key === 'Escape') document.title = 'escaped'; });
            setTimeout(() => { const d = document.createElement('div'); d.id = 'late'; d.textContent = 'late'; document.body.appendChild(d); }, 700);
            </script>""";

    /** A tmobile link (allowed origin: the test site) opened and agreed to; its tab and its worker. */
    record Opened(String linkId, Page tab, ScriptedWorker worker) {}

    Opened open() {
        browser.context.clearCookies();
        Flows.LinkRef link = flows.createLink();
        Page tab = browser.agree(browser.openFromLinkPage("http://localhost:" + server.passage.port() + "/clip?code="
                + link.claimCode()));
        String[] sessionId = new String[1];
        ExtensionBrowser.await("the claim", Duration.ofSeconds(20), () -> {
            sessionId[0] = flows.link(link.linkId()).path("currentSessionId").asString(null);
            return sessionId[0] != null;
        });
        ScriptedWorker worker = new ScriptedWorker(server, sessionId[0]);
        open.add(worker);
        return new Opened(link.linkId(), tab, worker);
    }

    static void logIn(Page tab) {
        tab.fill("#username", "user_good");
        tab.fill("#password", "pass_good");
        tab.click("#signin");
    }

    static String q(String s) {
        return ScriptedWorker.q(s);
    }

    // ---- tests -------------------------------------------------------------------------------------

    @Test
    void every_command_answers_with_the_shapes_of_the_java_runtime() {
        Opened o = open();
        ScriptedWorker w = o.worker();
        assertThat(w.ok("navigate", "{\"url\":" + q(siteUrl + "/form") + "}").path("url").asString()).isEqualTo(siteUrl + "/form");
        assertThat(w.ok("title", "{}").asString()).isEqualTo("Form");
        assertThat(w.ok("url", "{}").asString()).isEqualTo(siteUrl + "/form");
        assertThat(w.ok("waitForSelector", "{\"selector\":\"#late\"}").asBoolean()).isTrue();
        assertThat(w.ok("waitForSelector", "{\"selector\":\"#hidden\",\"state\":\"hidden\"}").asBoolean()).isFalse();
        assertThat(w.ok("isVisible", "{\"selector\":\"#hidden\"}").asBoolean()).isFalse();
        assertThat(w.ok("isVisible", "{\"selector\":\"#name\"}").asBoolean()).isTrue();

        assertThat(w.ok("fill", "{\"selector\":\"#name\",\"value\":\"Ada\"}").isNull()).isTrue();
        assertThat(w.ok("textContent", "{\"selector\":\"#echo\"}").asString()).as("the page's input listener ran").isEqualTo("Ada");
        assertThat(w.ok("textContent", "{\"selector\":\"#changes\"}").asString()).as("and its change listener").isEqualTo("1");
        assertThat(w.ok("fill", "{\"selector\":\"#notes\",\"value\":\"two\\nlines\"}").isNull()).isTrue();
        assertThat(w.ok("evaluate", "{\"expression\":\"() => document.querySelector('#notes').value\"}").asString())
                .isEqualTo("two\nlines");

        assertThat(w.ok("evaluate", "{\"expression\":\"(a) => a.x + 1\",\"arg\":{\"x\":41}}").asInt()).isEqualTo(42);
        assertThat(w.ok("evaluate", "{\"expression\":\"() => ({a: [1, 'b'], u: undefined})\"}").toString())
                .isEqualTo("{\"a\":[1,\"b\"]}");
        assertThat(w.ok("evaluate", "{\"expression\":\"() => undefined\"}").isNull()).isTrue();
        assertThat(w.ok("evaluate", "{\"expression\":\"document.title\"}").asString()).isEqualTo("Form");
        assertThat(w.ok("evaluate", "{\"expression\":\"async () => { await null; return 'later'; }\"}").asString()).isEqualTo("later");
        assertThat(w.refused("evaluate", "{\"expression\":\"() => { throw new Error('boom'); }\"}")).isEqualTo("PAGE_ERROR");

        assertThat(w.ok("select", "{\"selector\":\"#color\",\"value\":\"g\"}").toString()).isEqualTo("[\"g\"]");
        assertThat(w.ok("select", "{\"selector\":\"#color\",\"value\":\"Red\"}").toString()).isEqualTo("[\"r\"]");
        assertThat(w.refused("select", "{\"selector\":\"#color\",\"value\":\"zz\",\"timeout\":300}")).isEqualTo("NOT_FOUND");

        assertThat(w.ok("getAttribute", "{\"selector\":\"#link\",\"name\":\"data-x\"}").asString()).isEqualTo("42");
        assertThat(w.ok("getAttribute", "{\"selector\":\"#link\",\"name\":\"data-none\"}").isNull()).isTrue();
        assertThat(w.ok("innerHTML", "{\"selector\":\"#color\"}").asString()).contains("<option value=\"g\">Green</option>");
        assertThat(w.ok("content", "{}").asString()).startsWith("<!DOCTYPE html>").contains("<title>Form</title>");

        assertThat(w.ok("press", "{\"selector\":\"#name\",\"key\":\"Escape\"}").isNull()).isTrue();
        assertThat(w.ok("title", "{}").asString()).isEqualTo("escaped");

        JsonNode shot = w.ok("screenshot", "{}");
        assertThat(shot.path("mimeType").asString()).isEqualTo("image/png");
        byte[] png = Base64.getDecoder().decode(shot.path("data").asString());
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(w.ok("screenshot", "{\"fullPage\":true}").path("data").asString()).isNotEmpty();
        assertThat(w.ok("waitForNetworkIdle", "{}").isNull()).isTrue();
        assertThat(w.ok("waitForTimeout", "{\"ms\":100}").isNull()).isTrue();

        assertThat(w.ok("click", "{\"selector\":\"#go\"}").isNull()).isTrue();
        assertThat(w.ok("waitForNavigation", "{\"url\":\"submitted\"}").path("url").asString())
                .isEqualTo(siteUrl + "/submitted?name=Ada&color=r&notes=two%0D%0Alines");
        assertThat(w.ok("goBack", "{}").path("url").asString()).isEqualTo(siteUrl + "/form");
        assertThat(w.ok("reload", "{}").path("url").asString()).isEqualTo(siteUrl + "/form");
        assertThat(w.ok("press", "{\"key\":\"Tab\"}").isNull()).isTrue();

        // What cannot be done says why, with the protocol's codes.
        assertThat(w.refused("click", "{\"selector\":\"#nope\",\"timeout\":300}")).isEqualTo("TIMEOUT");
        assertThat(w.refused("waitForSelector", "{\"selector\":\"#nope\",\"timeout\":300}")).isEqualTo("TIMEOUT");
        assertThat(w.refused("fill", "{\"selector\":\"#check\",\"value\":\"x\"}")).isEqualTo("PAGE_ERROR");
        assertThat(w.refused("fill", "{\"selector\":\"#name\"}")).isEqualTo("BAD_ARGUMENTS");
        assertThat(w.refused("click", "{\"selector\":\"#name[\"}")).isEqualTo("BAD_ARGUMENTS");
        assertThat(w.refused("waitForTimeout", "{\"ms\":-1}")).isEqualTo("BAD_ARGUMENTS");
        assertThat(w.refused("press", "{\"key\":\"NoSuchKey\"}")).isEqualTo("BAD_ARGUMENTS");

        // A page's Content-Security-Policy does not stop evaluate: the debugger compiles it, not eval().
        w.ok("navigate", "{\"url\":" + q(siteUrl + "/csp") + "}");
        assertThat(w.ok("evaluate", "{\"expression\":\"() => document.querySelector('#strict').textContent + 1\"}").asString())
                .isEqualTo("strict1");
        assertThat(w.ok("textContent", "{\"selector\":\"#strict\"}").asString()).isEqualTo("strict");

        // The overlay while the automation runs, with the worker's own status.
        w.ok("navigate", "{\"url\":" + q(siteUrl + "/form") + "}");
        assertThat(w.ok("updateStatus", "{\"heading\":\"Reading your payment methods\",\"subheading\":\"Step 2 of 3\","
                + "\"progress\":0.66}").isNull()).isTrue();
        JsonNode status = browser.storage().path("session").path("status");
        assertThat(status.path("heading").asString()).isEqualTo("Reading your payment methods");
        assertThat(status.path("progress").asDouble()).isEqualTo(0.66);
        assertThat(ExtensionBrowser.overlayMode(o.tab())).isEqualTo("working");
        ExtensionBrowser.screenshot(o.tab(), "overlay-working-desktop", ExtensionBrowser.DESKTOP_WIDTH, ExtensionBrowser.DESKTOP_HEIGHT);
        ExtensionBrowser.screenshot(o.tab(), "overlay-working-phone", ExtensionBrowser.PHONE_WIDTH, ExtensionBrowser.PHONE_HEIGHT);
        o.tab().setViewportSize(ExtensionBrowser.DESKTOP_WIDTH, ExtensionBrowser.DESKTOP_HEIGHT);

        w.complete();
        ExtensionBrowser.await("the link to complete", Duration.ofSeconds(10),
                () -> flows.link(o.linkId()).path("status").asString().equals("complete"));
        ExtensionBrowser.await("the overlay to say done", Duration.ofSeconds(10), () -> "done".equals(ExtensionBrowser.overlayMode(o.tab())));
        o.tab().close();
    }

    @Test
    void a_navigate_to_an_origin_outside_the_list_is_refused() {
        Opened o = open();
        ScriptedWorker w = o.worker();
        String sessionId = flows.link(o.linkId()).path("currentSessionId").asString();
        WsClient viewer = ScriptedWorker.debugViewer(server, sessionId);
        open.add(viewer);
        assertThat(w.ok("navigate", "{\"url\":" + q(siteUrl + "/login") + "}").path("url").asString()).isEqualTo(siteUrl + "/login");
        for (String url : List.of(otherUrl + "/elsewhere", "http://localhost:" + site.port() + "/login",
                "file:///etc/passwd", "javascript:alert(1)", "data:text/html,<h1>hi</h1>", "chrome://settings",
                "chrome-extension://" + browser.extensionId + "/popup.html")) {
            assertThat(w.refused("navigate", "{\"url\":" + q(url) + "}")).as(url).isEqualTo("ORIGIN_NOT_ALLOWED");
        }
        assertThat(w.ok("url", "{}").asString()).isEqualTo(siteUrl + "/login");
        // A relative URL resolves against the page, on the same origin.
        assertThat(w.ok("navigate", "{\"url\":\"/account\"}").path("url").asString()).isEqualTo(siteUrl + "/account");

        // The person wanders off to another site: nothing there is read or touched.
        o.tab().click("#away");
        o.tab().waitForSelector("#elsewhere");
        for (String[] c : List.of(new String[] {"evaluate", "{\"expression\":\"() => document.title\"}"},
                new String[] {"textContent", "{\"selector\":\"#elsewhere\"}"}, new String[] {"content", "{}"},
                new String[] {"screenshot", "{}"}, new String[] {"click", "{\"selector\":\"#elsewhere\"}"},
                new String[] {"url", "{}"})) {
            JsonNode r = w.command(c[0], c[1]);
            assertThat(r.path("ok").asBoolean()).as(c[0]).isFalse();
            assertThat(r.path("error").path("code").asString()).as(c[0]).isEqualTo("ORIGIN_NOT_ALLOWED");
            assertThat(r.toString()).doesNotContain("Another site");
        }
        assertThat(w.ok("navigate", "{\"url\":" + q(siteUrl + "/account") + "}").path("url").asString()).isEqualTo(siteUrl + "/account");
        // The client reported its own site's pages, and nothing of the other one.
        List<String> events = new ArrayList<>();
        for (JsonNode m = viewer.poll(Duration.ofSeconds(1)); m != null; m = viewer.poll(Duration.ofMillis(300))) {
            if (m.path("message").path("type").asString().equals("client.events")) {
                events.add(m.path("message").toString());
            }
        }
        assertThat(String.join("\n", events)).contains(siteUrl + "/account").doesNotContain(otherUrl);
        w.complete();
        ExtensionBrowser.await("the link to complete", Duration.ofSeconds(10),
                () -> flows.link(o.linkId()).path("status").asString().equals("complete"));
        o.tab().close();
    }

    @Test
    void telemetry_too_big_for_one_frame_is_split_and_cut_and_the_session_carries_on() {
        Opened o = open();
        ScriptedWorker w = o.worker();
        String sessionId = flows.link(o.linkId()).path("currentSessionId").asString();
        WsClient viewer = ScriptedWorker.debugViewer(server, sessionId);
        open.add(viewer);
        w.ok("navigate", "{\"url\":" + q(siteUrl + "/flood") + "}");
        w.ok("waitForTimeout", "{\"ms\":1500}");
        // The socket is still open: no frame was over the server's limit.
        assertThat(w.ok("textContent", "{\"selector\":\"#flood\"}").asString()).isEqualTo("flood");
        List<JsonNode> batches = new ArrayList<>();
        for (JsonNode m = viewer.poll(Duration.ofSeconds(1)); m != null; m = viewer.poll(Duration.ofMillis(300))) {
            if (m.path("message").path("type").asString().equals("client.events")) {
                batches.add(m.path("message"));
            }
        }
        List<JsonNode> events = batches.stream().flatMap(b -> b.path("events").valueStream()).toList();
        assertThat(events.stream().filter(e -> e.path("url").asString("").contains("/api/big/"))).hasSize(24);
        JsonNode huge = events.stream().filter(e -> e.path("url").asString("").endsWith("/api/huge")).findFirst().orElseThrow();
        assertThat(huge.path("truncated").asBoolean()).isTrue();
        assertThat(huge.path("body").asString().length()).isBetween(100_000, 256 * 1024);
        assertThat(batches).allSatisfy(b -> assertThat(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(512 * 1024));
        w.complete();
        ExtensionBrowser.await("the link to complete", Duration.ofSeconds(10),
                () -> flows.link(o.linkId()).path("status").asString().equals("complete"));
        o.tab().close();
    }

    @Test
    void an_iframe_cannot_forge_the_telemetry_that_resolves_a_login_yield() {
        Opened o = open();
        ScriptedWorker w = o.worker();
        w.ok("navigate", "{\"url\":" + q(siteUrl + "/login") + "}");
        String conditions = "[{\"url\":\"/account$\"},{\"networkRequest\":{\"urlContains\":\"/api/session\",\"successfulOnly\":true}}]";
        JsonNode forged = w.yield(conditions, true, 3000);
        assertThat(forged.path("result").path("matched").asBoolean()).as(forged.toString()).isFalse();
        // The frames did try, many times.
        for (Frame frame : o.tab().frames()) {
            if (frame != o.tab().mainFrame() && frame.url().endsWith("/frame")) {
                assertThat(((Number) frame.evaluate("() => window.forged")).intValue()).as(frame.url()).isGreaterThan(5);
            }
        }

        logIn(o.tab());
        JsonNode real = w.yield(conditions, false, 20000);
        assertThat(real.path("result").path("matched").asBoolean()).as(real.toString()).isTrue();
        assertThat(real.path("result").path("condition").asString()).isEqualTo("url");
        assertThat(real.path("result").path("url").asString()).isEqualTo(siteUrl + "/account");
        w.complete();
        ExtensionBrowser.await("the link to complete", Duration.ofSeconds(10),
                () -> flows.link(o.linkId()).path("status").asString().equals("complete"));
        o.tab().close();
    }

    @Test
    void the_extension_reconnects_and_the_link_completes_after_its_service_worker_is_stopped() {
        Opened o = open();
        ScriptedWorker w = o.worker();
        w.ok("navigate", "{\"url\":" + q(siteUrl + "/signin") + "}");
        String id = "y" + (++w.next);
        w.socket.send("{\"type\":\"worker.yield_to_user\",\"id\":\"" + id + "\",\"conditions\":[{\"url\":\"/account$\"}],"
                + "\"timeout\":60000}");
        ExtensionBrowser.await("the person's turn", Duration.ofSeconds(10), () -> "turn".equals(ExtensionBrowser.overlayMode(o.tab())));

        // Stopped while the person logs in: their navigation wakes it, it re-attaches and reconnects.
        browser.stopServiceWorker();
        w.await("server.client_disconnected", null, Duration.ofSeconds(10));
        logIn(o.tab());
        w.await("server.client_ready", null, Duration.ofSeconds(30));
        JsonNode yielded = w.await("server.command_result", id, Duration.ofSeconds(30));
        assertThat(yielded.path("result").path("matched").asBoolean()).as(yielded.toString()).isTrue();

        // Stopped in the middle of a command, with nothing happening on the page (its last load events
        // are over): its alarm brings it back, and the command, replayed because it was never
        // answered, is run again and answered.
        w.ok("waitForNetworkIdle", "{}");
        ExtensionBrowser.sleep(1000);
        String wait = "c" + (++w.next);
        w.socket.send("{\"type\":\"worker.command\",\"id\":\"" + wait + "\",\"command\":\"waitForTimeout\",\"args\":{\"ms\":1500}}");
        ExtensionBrowser.sleep(300);
        browser.stopServiceWorker();
        w.await("server.client_disconnected", null, Duration.ofSeconds(10));
        w.await("server.client_ready", null, Duration.ofSeconds(60));
        JsonNode waited = w.await("server.command_result", wait, Duration.ofSeconds(20));
        assertThat(waited.path("ok").asBoolean()).as(waited.toString()).isTrue();

        assertThat(w.ok("textContent", "{\"selector\":\"#card\"}").asString()).isEqualTo("4242");
        w.complete();
        ExtensionBrowser.await("the link to complete", Duration.ofSeconds(10),
                () -> flows.link(o.linkId()).path("status").asString().equals("complete"));
        ExtensionBrowser.await("the overlay to say done", Duration.ofSeconds(10), () -> "done".equals(ExtensionBrowser.overlayMode(o.tab())));
        JsonNode last = browser.storage().path("lastSession");
        assertThat(last.path("resumes").asInt()).as("restarts picked up").isGreaterThanOrEqualTo(2);
        assertThat(last.path("outcome").path("state").asString()).isEqualTo("complete");
        assertThat(last.has("clientToken")).as("the token is forgotten at the end").isFalse();
        o.tab().close();
    }

    @Test
    void cancel_in_the_popup_lets_the_tab_go_and_the_server_fails_the_link_after_the_grace() {
        Opened o = open();
        ScriptedWorker w = o.worker();
        w.ok("navigate", "{\"url\":" + q(siteUrl + "/signin") + "}");
        Page popup = browser.context.newPage();
        popup.navigate(browser.url("popup.html"));
        popup.waitForSelector("#cancel:visible");
        popup.click("#cancel");
        ExtensionBrowser.await("the popup to say it stopped", Duration.ofSeconds(10),
                () -> popup.textContent("#badge").equals("Stopped"));
        assertThat(popup.textContent("#heading")).isEqualTo("You stopped linking");
        assertThat(ExtensionBrowser.overlayMode(o.tab())).isEqualTo("failed");
        w.await("server.client_disconnected", null, Duration.ofSeconds(10));
        // Nothing answers for the tab any more.
        String id = "c" + (++w.next);
        w.socket.send("{\"type\":\"worker.command\",\"id\":\"" + id + "\",\"command\":\"url\",\"args\":{}}");
        assertThat(w.socket.poll(Duration.ofSeconds(1))).isNull();
        server.clock.advance(Duration.ofSeconds(31));
        ExtensionBrowser.await("the link to fail", Duration.ofSeconds(10),
                () -> flows.link(o.linkId()).path("status").asString().equals("failed"));
        assertThat(flows.link(o.linkId()).path("error").path("code").asString()).isEqualTo("CONNECTION_FAILED");
        popup.close();
        o.tab().close();
    }

}
