package dev.passage.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every protocol command against a real page in headless Chromium. */
class PageCommandsTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static HttpServer site;
    static Chromium chromium;
    static String base;
    /** The same site under another name: another origin, which the commands may not act on. */
    static String other;
    /** A stand-in for the server's console script: what the page logs, reported through window.__passage. */
    static final String CONSOLE = """
            (() => { if (!window.__passage) return; const log = console.log;
              console.log = (...a) => { window.__passage.emit({type: 'console', level: 'log', text: a.join(' ')}); log(...a); }; })();""";
    Page page;
    PageCommands commands;
    Telemetry telemetry;
    final List<JsonNode> statuses = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = switch (path) {
                case "/form" -> """
                        <html><head><title>Form page</title></head><body>
                        <h1 id="h">Hello</h1><a id="next" href="/done?x=1" data-kind="link">next</a>
                        <input id="name"><select id="plan"><option value="a">A</option><option value="b">B</option></select>
                        <button id="go" onclick="document.getElementById('h').textContent = document.getElementById('name').value">go</button>
                        <div id="hidden" style="display:none">secret</div><ul id="list"><li>1</li><li>2</li></ul>
                        <script>console.log('form ready'); fetch('/api/data', {method: 'POST', body: 'password=' + ['hun', 'ter2'].join('')});</script>
                        </body></html>""";
                case "/api/data", "/api/frame" -> "{\"ok\":true}";
                case "/framed" -> """
                        <html><head><title>Framed</title></head><body><h1 id="top">top</h1>
                        <iframe id="same" src="/forger"></iframe><iframe id="cross" src="%s/forger"></iframe>
                        <script>window.__passage.emit({type: 'custom', from: 'top'});</script>
                        </body></html>""".formatted(other);
                case "/forger" -> """
                        <html><body><script>
                        window.tries = 0;
                        setInterval(() => {
                          window.tries++;
                          try { window.__passageEmit(JSON.stringify({type: 'navigation', url: location.origin + '/account', from: 'frame'})); } catch (e) {}
                          try { window.__passage.emit({type: 'custom', from: 'frame'}); } catch (e) {}
                          fetch('/api/frame').catch(() => {});
                        }, 100);
                        </script></body></html>""";
                default -> "<html><head><title>Done</title></head><body><p id='done'>done</p></body></html>";
            };
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", path.startsWith("/api") ? "application/json" : "text/html");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        site.start();
        base = "http://127.0.0.1:" + site.getAddress().getPort();
        other = "http://localhost:" + site.getAddress().getPort();
        chromium = Chromium.launch(true, Optional.empty());
    }

    @AfterAll
    static void stop() {
        chromium.close();
        site.stop(0);
    }

    @BeforeEach
    void newPage() {
        page = chromium.browser().newPage();
        telemetry = new Telemetry(page, Clock.systemUTC(), () -> List.of(base));
        telemetry.addScript(CONSOLE);
        commands = new PageCommands(page, () -> List.of(base), statuses::add);
        run("navigate", "{\"url\":\"" + base + "/form\"}");
    }

    @AfterEach
    void closePage() {
        page.close();
    }

    JsonNode run(String name, String args) {
        return commands.run(name, JSON.readTree(args));
    }

    @Test
    void navigation_commands_move_the_page_and_report_its_url() {
        assertThat(run("url", "{}").asString()).isEqualTo(base + "/form");
        assertThat(run("title", "{}").asString()).isEqualTo("Form page");

        run("click", "{\"selector\":\"#next\"}");
        assertThat(run("waitForNavigation", "{\"url\":\"/done\"}").get("url").asString()).isEqualTo(base + "/done?x=1");
        assertThat(run("goBack", "{}").get("url").asString()).isEqualTo(base + "/form");
        assertThat(run("reload", "{}").get("url").asString()).isEqualTo(base + "/form");
    }

    @Test
    void element_commands_read_and_change_the_page() {
        run("fill", "{\"selector\":\"#name\",\"value\":\"Ada\"}");
        run("click", "{\"selector\":\"#go\"}");
        assertThat(run("textContent", "{\"selector\":\"#h\"}").asString()).isEqualTo("Ada");
        assertThat(run("getAttribute", "{\"selector\":\"#next\",\"name\":\"data-kind\"}").asString()).isEqualTo("link");
        assertThat(run("getAttribute", "{\"selector\":\"#next\",\"name\":\"missing\"}").isNull()).isTrue();
        assertThat(run("innerHTML", "{\"selector\":\"#list\"}").asString()).isEqualTo("<li>1</li><li>2</li>");
        assertThat(run("isVisible", "{\"selector\":\"#hidden\"}").asBoolean()).isFalse();
        assertThat(run("isVisible", "{\"selector\":\"#h\"}").asBoolean()).isTrue();
        assertThat(run("select", "{\"selector\":\"#plan\",\"value\":\"b\"}").get(0).asString()).isEqualTo("b");
        run("press", "{\"selector\":\"#name\",\"key\":\"End\"}");
        assertThat(run("waitForSelector", "{\"selector\":\"#list li\"}").asBoolean()).isTrue();
        assertThat(run("content", "{}").asString()).contains("<h1 id=\"h\">Ada</h1>");
    }

    @Test
    void evaluate_returns_plain_json_from_expressions_and_functions() {
        assertThat(run("evaluate", "{\"expression\":\"document.querySelectorAll('#list li').length\"}").asInt()).isEqualTo(2);
        assertThat(run("evaluate", "{\"expression\":\"(arg) => ({doubled: arg.n * 2, items: [...document.querySelectorAll('#list li')].map(li => li.textContent)})\",\"arg\":{\"n\":21}}"))
                .isEqualTo(JSON.readTree("{\"doubled\":42,\"items\":[\"1\",\"2\"]}"));
        assertThat(run("evaluate", "{\"expression\":\"undefined\"}").isNull()).isTrue();
    }

    @Test
    void screenshots_and_waits_work_and_update_status_reaches_the_overlay() {
        JsonNode shot = run("screenshot", "{}");
        assertThat(shot.get("mimeType").asString()).isEqualTo("image/png");
        assertThat(Base64.getDecoder().decode(shot.get("data").asString())).startsWith(0x89, 'P', 'N', 'G');
        run("waitForNetworkIdle", "{}");
        run("waitForTimeout", "{\"ms\":10}");
        run("updateStatus", "{\"heading\":\"Reading your cards\",\"subheading\":\"one moment\",\"progress\":0.5}");
        assertThat(statuses).singleElement().satisfies(s -> assertThat(s.path("heading").asString()).isEqualTo("Reading your cards"));
    }

    @Test
    void failures_carry_a_code() {
        assertThatThrownBy(() -> run("fly", "{}")).isInstanceOf(CommandFailure.class)
                .satisfies(e -> assertThat(((CommandFailure) e).code()).isEqualTo("UNKNOWN_COMMAND"));
        assertThatThrownBy(() -> run("click", "{}"))
                .satisfies(e -> assertThat(((CommandFailure) e).code()).isEqualTo("BAD_ARGUMENTS"));
        assertThatThrownBy(() -> run("click", "{\"selector\":\"#nope\",\"timeout\":200}"))
                .satisfies(e -> assertThat(((CommandFailure) e).code()).isEqualTo("TIMEOUT"));
        assertThatThrownBy(() -> run("evaluate", "{\"expression\":\"(() => { throw new Error('bad') })()\"}"))
                .satisfies(e -> assertThat(((CommandFailure) e).code()).isEqualTo("PAGE_ERROR"));
    }

    @Test
    void telemetry_records_navigations_responses_and_what_the_scripts_report_but_never_request_bodies() {
        run("waitForNetworkIdle", "{}");
        var events = telemetry.drain();

        assertThat(events).anySatisfy(e -> {
            assertThat(e.path("type").asString("")).isEqualTo("navigation");
            assertThat(e.path("url").asString("")).isEqualTo(base + "/form");
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.path("type").asString("")).isEqualTo("network");
            assertThat(e.path("url").asString("")).isEqualTo(base + "/api/data");
            assertThat(e.path("method").asString("")).isEqualTo("POST");
            assertThat(e.path("status").asInt()).isEqualTo(200);

        });
        assertThat(events).anySatisfy(e -> assertThat(e.path("text").asString("")).isEqualTo("form ready"));
        assertThat(events.toString()).doesNotContain("hunter2");
        assertThat(telemetry.drain()).isEmpty();
    }

    String refusal(String name, String args) {
        try {
            run(name, args);
        } catch (CommandFailure e) {
            return e.code();
        }
        throw new AssertionError(name + " " + args + " was not refused");
    }

    @Test
    void navigate_goes_to_the_integrations_origins_only_and_never_to_other_schemes() {
        for (String url : List.of(other + "/form", "file:///etc/passwd", "javascript:alert(1)", "data:text/html,<h1>hi</h1>",
                "chrome://settings", "about:blank", "view-source:" + base + "/form", "FILE:///etc/hosts")) {
            assertThat(refusal("navigate", "{\"url\":" + JSON.getNodeFactory().stringNode(url) + "}")).as(url)
                    .isEqualTo("ORIGIN_NOT_ALLOWED");
        }
        assertThat(refusal("navigate", "{\"url\":\"http://[bad\"}")).isEqualTo("BAD_ARGUMENTS");
        assertThat(run("url", "{}").asString()).isEqualTo(base + "/form");
        // A relative URL resolves against the page, on the same origin; one that leaves it is refused.
        assertThat(run("navigate", "{\"url\":\"/done?y=2\"}").get("url").asString()).isEqualTo(base + "/done?y=2");
        assertThat(refusal("navigate", "{\"url\":\"//localhost:" + site.getAddress().getPort() + "/form\"}"))
                .isEqualTo("ORIGIN_NOT_ALLOWED");
        // A server that declares no origins gets no navigation at all.
        PageCommands none = new PageCommands(page, List::of, statuses::add);
        assertThatThrownBy(() -> none.run("navigate", JSON.readTree("{\"url\":\"" + base + "/form\"}")))
                .satisfies(e -> assertThat(((CommandFailure) e).code()).isEqualTo("ORIGIN_NOT_ALLOWED"));
    }

    @Test
    void commands_leave_a_page_of_another_origin_alone_and_go_back_to_none() {
        // The person wanders off to another site in the page: nothing there is read or touched.
        page.navigate(other + "/form");
        for (String[] c : List.of(new String[] {"textContent", "{\"selector\":\"#h\"}"}, new String[] {"content", "{}"},
                new String[] {"evaluate", "{\"expression\":\"document.title\"}"}, new String[] {"screenshot", "{}"},
                new String[] {"click", "{\"selector\":\"#go\"}"}, new String[] {"url", "{}"}, new String[] {"goBack", "{}"})) {
            assertThat(refusal(c[0], c[1])).as(c[0]).isEqualTo("ORIGIN_NOT_ALLOWED");
        }
        run("waitForTimeout", "{\"ms\":1}");
        run("navigate", "{\"url\":\"" + base + "/done\"}");
        // Back from here would land on the other site again: refused.
        assertThat(refusal("goBack", "{}")).isEqualTo("ORIGIN_NOT_ALLOWED");
        assertThat(run("url", "{}").asString()).isEqualTo(base + "/done");
    }

    @Test
    void telemetry_comes_from_the_top_frame_only() {
        telemetry.drain();
        run("navigate", "{\"url\":\"" + base + "/framed\"}");
        page.waitForTimeout(1500);
        // The frames did try, many times (the cross-origin one runs the same code).
        assertThat(((Number) page.frameLocator("#same").locator("body").evaluate("() => window.tries")).intValue())
                .isGreaterThan(5);
        List<JsonNode> events = telemetry.drain();
        assertThat(events).anySatisfy(e -> assertThat(e.path("from").asString("")).isEqualTo("top"));
        assertThat(events).noneSatisfy(e -> assertThat(e.path("from").asString("")).startsWith("frame"));
        assertThat(events).noneSatisfy(e -> assertThat(e.path("url").asString("")).contains("/api/frame"));
        assertThat(events).noneSatisfy(e -> assertThat(e.path("url").asString("")).contains("/account"));
    }

    @Test
    void nothing_is_reported_while_the_page_is_on_another_origin() {
        run("waitForNetworkIdle", "{}");
        telemetry.drain();
        page.navigate(other + "/form");
        page.waitForTimeout(300);
        assertThat(telemetry.drain()).isEmpty();
        page.navigate(base + "/done");
        assertThat(telemetry.drain()).anySatisfy(e -> assertThat(e.path("url").asString("")).isEqualTo(base + "/done"));
    }
}
