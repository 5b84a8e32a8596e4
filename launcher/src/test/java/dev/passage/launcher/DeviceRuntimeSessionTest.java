package dev.passage.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passage.device.DeviceRuntime;
import dev.passage.launcher.testing.CuttableProxy;
import dev.passage.launcher.testing.ScriptedWorker;
import dev.passage.launcher.testing.TestSite;
import dev.passage.server.testing.Flows;
import dev.passage.server.testing.TestServer;
import dev.passage.server.testing.WsClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The device runtime against the real server, in headless Chromium, with a scripted worker: the
 * device says what the link is for, claims it, runs commands on the integration's origin only, hands
 * the page to the "person" (a sandbox user typed in on the device) until the worker's condition holds,
 * and ends with the session. Its traffic goes through a proxy the tests can cut, as a dropped network
 * would; iframes try to forge telemetry, and a page floods it.
 */
class DeviceRuntimeSessionTest {
    static TestSite site;
    static TestSite other;
    static CuttableProxy proxy;
    static TestServer server;
    static Flows flows;
    static ExecutorService devices = Executors.newVirtualThreadPerTaskExecutor();
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void start() {
        other = TestSite.start(path -> path.equals("/frame") ? TestSite.page("Frame", TestSite.FORGER)
                : TestSite.page("Elsewhere", "<h1 id='elsewhere'>Another site</h1>"));
        site = TestSite.start(path -> switch (path) {
            case "/signin" -> TestSite.page("Sign in", TestSite.signIn());
            case "/login" -> TestSite.page("Sign in", TestSite.signIn() + """
                    <iframe id="same" src="/frame"></iframe><iframe id="cross" src="%s/frame"></iframe>""".formatted(other.url));
            case "/frame" -> TestSite.page("Frame", TestSite.FORGER);
            case "/account" -> TestSite.page("Account", "<span id='card'>4242</span>");
            case "/form" -> TestSite.page("Card", """
                    <input id="card" autocomplete="off"><script>window.typed = [];
                    document.getElementById('card').addEventListener('input', e => window.typed.push(e.target.value));</script>""");
            case "/flood" -> TestSite.page("Flood", TestSite.FLOOD);
            default -> path.startsWith("/api/") ? "JSON{\"ok\":true}" : TestSite.page("Nothing", "nothing");
        });
        proxy = new CuttableProxy();
        // The server hands out its proxy's address (claim, websocket); tests reach it directly.
        server = TestServer.start("sqlite", Map.of("automation.live-base-urls", "tmobile=" + site.url,
                "public-url", "http://127.0.0.1:" + proxy.port()));
        proxy.target(server.passage.port());
        flows = new Flows(server);
    }

    @AfterAll
    static void stop() {
        devices.shutdownNow();
        server.close();
        proxy.close();
        site.close();
        other.close();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        proxy.letThrough();
    }

    /** A device running a new tmobile link, its worker and a debug viewer of its session. */
    record Device(String linkId, CompletableFuture<DeviceRuntime.Outcome> outcome, ByteArrayOutputStream printed,
                  ScriptedWorker worker, WsClient viewer) {
        /** What the device printed, and how its run ended when it has. */
        String output() {
            String said = printed.toString(StandardCharsets.UTF_8);
            if (outcome.isCompletedExceptionally()) {
                java.io.StringWriter trace = new java.io.StringWriter();
                outcome.exceptionNow().printStackTrace(new java.io.PrintWriter(trace));
                said += "\nthe device's run threw: " + trace;
            } else if (outcome.isDone()) {
                said += "\nthe device's run returned " + outcome.resultNow();
            }
            return said;
        }

        DeviceRuntime.Outcome ended() throws Exception {
            return outcome.get(60, TimeUnit.SECONDS);
        }

        /** Every message of the session the viewer saw so far, both ways, in order. */
        List<JsonNode> traffic() {
            List<JsonNode> seen = new ArrayList<>();
            for (JsonNode m = viewer.poll(Duration.ofSeconds(1)); m != null; m = viewer.poll(Duration.ofMillis(300))) {
                seen.add(m);
            }
            return seen;
        }
    }

    Device start(Optional<String> sandboxUser) {
        Flows.LinkRef link = flows.createLink();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        DeviceRuntime runtime = new DeviceRuntime(new DeviceRuntime.Options(link.claimCode(),
                URI.create("http://127.0.0.1:" + proxy.port()), true, sandboxUser, Optional.empty(), Duration.ofSeconds(60)),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        CompletableFuture<DeviceRuntime.Outcome> outcome = CompletableFuture.supplyAsync(runtime::run, devices);
        String sessionId = await().atMost(Duration.ofSeconds(30)).until(() -> flows.link(link.linkId())
                .get("currentSessionId").asString(null), id -> id != null || outcome.isDone());
        assertThat(sessionId).as(printed.toString(StandardCharsets.UTF_8)).isNotNull();
        WsClient viewer = ScriptedWorker.debugViewer(server, sessionId);
        open.add(viewer);
        ScriptedWorker worker = new ScriptedWorker(server, sessionId);
        open.add(worker);
        return new Device(link.linkId(), outcome, printed, worker, viewer);
    }

    static String q(String s) {
        return ScriptedWorker.q(s);
    }

    /** The overlay's mode on the device's page, as the page's own script can read it. */
    static String overlayMode(ScriptedWorker w) {
        return w.ok("evaluate", "{\"expression\":\"() => document.querySelector('passage-overlay')"
                + "?.getAttribute('data-mode') ?? null\"}").asString(null);
    }

    @Test
    void the_device_says_what_the_link_is_for_claims_it_runs_commands_lets_the_user_log_in_and_ends_with_the_session()
            throws Exception {
        Device d = start(Optional.of("user_good"));
        ScriptedWorker w = d.worker();
        assertThat(w.ok("navigate", "{\"url\":" + q(site.url + "/signin") + "}").path("url").asString()).isEqualTo(site.url + "/signin");
        w.ok("updateStatus", "{\"heading\":\"Reading your payment methods\",\"subheading\":\"Step 1 of 2\",\"progress\":0.5}");
        assertThat(overlayMode(w)).isEqualTo("working");

        JsonNode yielded = w.yield("[{\"url\":\"/account$\"}]", false, 30000);
        assertThat(yielded.at("/result/matched").asBoolean()).as(yielded.toString()).isTrue();
        // Looking at the page leaves the person's turn on screen; only a command that moves the page ends it.
        assertThat(overlayMode(w)).isEqualTo("turn");
        assertThat(w.ok("textContent", "{\"selector\":\"#card\"}").asString()).isEqualTo("4242");
        w.complete();

        assertThat(d.ended().complete()).as(d.output()).isTrue();
        String printed = d.output();
        String server = "http://127.0.0.1:" + proxy.port();
        assertThat(printed).contains("Passage server: " + server + "\n")
                .contains("Test org wants to read your T-Mobile payment methods (link " + d.linkId() + ").")
                .contains("  paymentMethod.read: ")
                .contains("Your turn: log in to T-Mobile in the browser window.")
                .contains("Claimed " + d.linkId()).contains("Session complete");
        assertThat(printed.indexOf("wants to read")).as("said before the claim").isLessThan(printed.indexOf("Claimed"));
        assertThat(flows.link(d.linkId()).get("status").asString()).isEqualTo("complete");
        // Every message of the session, both ways: the password typed on the device is in none of them.
        List<String> seen = d.traffic().stream().map(JsonNode::toString).toList();
        assertThat(seen).anySatisfy(m -> assertThat(m).contains("client.events"))
                .anySatisfy(m -> assertThat(m).contains("/account"))
                .noneSatisfy(m -> assertThat(m).contains("pass_good"));
    }

    @Test
    void an_iframe_cannot_forge_the_telemetry_that_resolves_a_login_yield() throws Exception {
        Device d = start(Optional.empty());
        ScriptedWorker w = d.worker();
        w.ok("navigate", "{\"url\":" + q(site.url + "/login") + "}");
        String conditions = "[{\"url\":\"/account$\"},{\"networkRequest\":{\"urlContains\":\"/api/session\",\"successfulOnly\":true}}]";
        JsonNode forged = w.yield(conditions, true, 3000);
        assertThat(forged.path("result").path("matched").asBoolean()).as(forged.toString()).isFalse();
        // The frames did try, many times (the cross-origin one runs the same script).
        assertThat(w.ok("evaluate", "{\"expression\":\"() => document.getElementById('same').contentWindow.forged\"}").asInt())
                .isGreaterThan(5);
        List<JsonNode> before = d.traffic().stream().filter(m -> m.at("/message/type").asString("").equals("client.events"))
                .toList();
        assertThat(before).isNotEmpty();
        assertThat(before.toString()).doesNotContain("/api/session").doesNotContain("/account").doesNotContain(other.url);

        // The real thing: the form is sent and the page is at /account.
        w.ok("fill", "{\"selector\":\"#username\",\"value\":\"user_good\"}");
        w.ok("fill", "{\"selector\":\"#password\",\"value\":\"pass_good\"}");
        w.ok("click", "{\"selector\":\"#signin\"}");
        w.ok("waitForNavigation", "{\"url\":\"/account$\"}");
        JsonNode real = w.yield(conditions, false, 20000);
        assertThat(real.path("result").path("condition").asString()).as(real.toString()).isEqualTo("url");
        assertThat(real.path("result").path("url").asString()).isEqualTo(site.url + "/account");
        w.complete();
        assertThat(d.ended().complete()).as(d.output()).isTrue();
    }

    @Test
    void navigate_goes_to_the_integrations_origin_only() throws Exception {
        Device d = start(Optional.empty());
        ScriptedWorker w = d.worker();
        for (String url : List.of(other.url + "/elsewhere", "http://localhost:" + site.port() + "/signin", "file:///etc/passwd",
                "javascript:alert(1)", "data:text/html,<h1>hi</h1>", "chrome://settings", "about:blank")) {
            assertThat(w.refused("navigate", "{\"url\":" + q(url) + "}")).as(url).isEqualTo("ORIGIN_NOT_ALLOWED");
        }
        assertThat(w.ok("navigate", "{\"url\":" + q(site.url + "/signin") + "}").path("url").asString())
                .isEqualTo(site.url + "/signin");
        assertThat(w.ok("navigate", "{\"url\":\"/account\"}").path("url").asString()).isEqualTo(site.url + "/account");
        w.complete();
        assertThat(d.ended().complete()).as(d.output()).isTrue();
    }

    @Test
    void a_reconnect_while_a_secret_fill_is_outstanding_types_the_secret_and_never_its_redacted_copy() throws Exception {
        Device d = start(Optional.empty());
        ScriptedWorker w = d.worker();
        w.ok("navigate", "{\"url\":" + q(site.url + "/form") + "}");

        // The network drops; the secret fill is sent while the device is away, so the server keeps
        // only its redacted copy for the replay.
        proxy.cut();
        w.await("server.client_disconnected", null, Duration.ofSeconds(10));
        String secret = "{\"selector\":\"#card\",\"value\":\"4111111111111111\"}";
        String first = w.send("fill", secret, true);
        ScriptedWorker.sleep(300);
        proxy.letThrough();
        // The device is back: the server asks the worker for the command again, since it never kept its value.
        JsonNode again;
        try {
            again = w.await("server.command_result", first, Duration.ofSeconds(30));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the device said:\n" + d.output(), e);
        }
        assertThat(again.path("error").path("code").asString()).as(again.toString()).isEqualTo("REISSUE");

        JsonNode filled = w.await("server.command_result", w.send("fill", secret, true), Duration.ofSeconds(30));
        assertThat(filled.path("ok").asBoolean()).as(filled.toString()).isTrue();
        JsonNode page = w.ok("evaluate", "{\"expression\":\"() => ({value: document.getElementById('card').value, typed: window.typed})\"}");
        assertThat(page.path("value").asString()).isEqualTo("4111111111111111");
        assertThat(page.path("typed").toString()).doesNotContain("redacted");
        w.complete();
        assertThat(d.ended().complete()).as(d.output()).isTrue();
        assertThat(d.output()).contains("Reconnected to the session.").doesNotContain("4111");
    }

    @Test
    void telemetry_too_big_for_one_frame_is_split_and_cut_and_the_session_carries_on() throws Exception {
        Device d = start(Optional.empty());
        ScriptedWorker w = d.worker();
        w.ok("navigate", "{\"url\":" + q(site.url + "/flood") + "}");
        w.ok("waitForTimeout", "{\"ms\":1000}");
        // The socket is still open: no frame was over the server's limit.
        assertThat(w.ok("textContent", "{\"selector\":\"#flood\"}").asString()).isEqualTo("flood");
        List<JsonNode> batches = d.traffic().stream().filter(m -> m.at("/message/type").asString("").equals("client.events"))
                .map(m -> m.get("message")).toList();
        List<JsonNode> events = batches.stream().flatMap(b -> b.path("events").valueStream()).toList();
        assertThat(events.stream().filter(e -> e.path("url").asString("").contains("/api/big/"))).hasSize(24);
        JsonNode huge = events.stream().filter(e -> e.path("url").asString("").endsWith("/api/huge")).findFirst().orElseThrow();
        assertThat(huge.path("truncated").asBoolean()).isTrue();
        assertThat(huge.path("body").asString().length()).isBetween(100_000, 256 * 1024);
        assertThat(batches).allSatisfy(b -> assertThat(b.toString().getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(512 * 1024));
        w.complete();
        assertThat(d.ended().complete()).as(d.output()).isTrue();
    }
}
