package dev.passage.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.passage.device.DeviceRuntime;
import dev.passage.server.testing.Flows;
import dev.passage.server.testing.TestServer;
import dev.passage.server.testing.WsClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The device runtime against the real server, in headless Chromium, with a scripted worker: the
 * device claims the link, runs commands, hands the page to the "person" (a sandbox user typed in on
 * the device) until the worker's condition holds, and ends with the session.
 */
class DeviceRuntimeSessionTest {
    static TestServer server;
    static HttpServer site;
    static String siteUrl;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start("sqlite");
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/session") && exchange.getRequestMethod().equals("POST")) {
                String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                boolean ok = form.contains("username=user_good") && form.contains("password=pass_good");
                exchange.getResponseHeaders().add("Location", ok ? "/account" : "/login?error=1");
                exchange.sendResponseHeaders(303, -1);
                exchange.close();
                return;
            }
            String body = switch (path) {
                case "/login" -> """
                        <html><head><title>Sign in</title></head><body>
                        <form method="post" action="/session"><input name="username" id="username">
                        <input type="password" name="password" id="password"><button type="submit">Sign in</button></form>
                        </body></html>""";
                case "/account" -> "<html><head><title>Account</title></head><body><span id='card'>4242</span></body></html>";
                default -> "<html><body>nothing</body></html>";
            };
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        site.start();
        siteUrl = "http://127.0.0.1:" + site.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        site.stop(0);
        server.close();
    }

    @Test
    void the_device_claims_runs_commands_lets_the_user_log_in_and_ends_with_the_session() throws Exception {
        Flows flows = new Flows(server);
        Flows.LinkRef link = flows.createLink();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        DeviceRuntime device = new DeviceRuntime(new DeviceRuntime.Options(link.claimCode(), server.uri(""), true,
                Optional.of("user_good"), Optional.empty(), Duration.ofSeconds(60)), new PrintStream(printed, true));

        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<DeviceRuntime.Outcome> outcome = CompletableFuture.supplyAsync(device::run, executor);
            String sessionId = await().atMost(Duration.ofSeconds(20)).until(() -> flows.link(link.linkId())
                    .get("currentSessionId").asString(null), id -> id != null);
            String token = server.launcher.ticket(sessionId).workerToken();
            WsClient viewer = WsClient.connect(server.wsUri("/sessions/" + sessionId + "/ws?role=debug&token="
                    + URLEncoder.encode(token, StandardCharsets.UTF_8)));
            viewer.send("{\"type\":\"debug.hello\"}");
            viewers.add(viewer);
            try (WsClient worker = WsClient.connect(server.wsUri("/sessions/" + sessionId + "/ws?role=worker&token="
                    + URLEncoder.encode(token, StandardCharsets.UTF_8)))) {
                worker.send("{\"type\":\"worker.hello\"}");
                worker.until("server.client_ready");

                worker.send("{\"type\":\"worker.command\",\"id\":\"c1\",\"command\":\"navigate\",\"args\":{\"url\":\""
                        + siteUrl + "/login\"}}");
                JsonNode navigated = until(worker, "server.command_result");
                assertThat(navigated.get("ok").asBoolean()).as(navigated.toString()).isTrue();

                worker.send("{\"type\":\"worker.yield_to_user\",\"id\":\"y1\",\"conditions\":[{\"url\":\"/account$\"}],"
                        + "\"timeout\":30000}");
                JsonNode yielded = until(worker, "server.command_result");
                assertThat(yielded.at("/result/matched").asBoolean()).as(yielded.toString()).isTrue();

                worker.send("{\"type\":\"worker.command\",\"id\":\"c2\",\"command\":\"textContent\",\"args\":{\"selector\":\"#card\"}}");
                JsonNode card = until(worker, "server.command_result");
                assertThat(card.get("result").asString()).isEqualTo("4242");

                worker.send("""
                        {"type":"worker.complete","result":{"paymentMethods":[{"order":0,"vendorId":"pm_1","last4":"4242",
                         "type":"credit_card","isDefault":true,"raw":{}}]}}""");
            }
            DeviceRuntime.Outcome ended = outcome.get(60, TimeUnit.SECONDS);
            assertThat(ended.complete()).as(printed.toString()).isTrue();
        }

        assertThat(printed.toString()).contains("Claimed " + link.linkId()).contains("Session complete");
        assertThat(flows.link(link.linkId()).get("status").asString()).isEqualTo("complete");
        // Every message of the session, both ways, as a debug viewer saw it: the password typed on the
        // device is in none of them.
        WsClient viewer = viewers.getFirst();
        List<String> seen = new java.util.ArrayList<>();
        for (JsonNode m = viewer.poll(Duration.ofSeconds(2)); m != null; m = viewer.poll(Duration.ofMillis(500))) {
            seen.add(m.toString());
        }
        viewer.close();
        assertThat(seen).anySatisfy(m -> assertThat(m).contains("client.events"))
                .anySatisfy(m -> assertThat(m).contains("/account"))
                .noneSatisfy(m -> assertThat(m).contains("pass_good"));
    }

    private final List<WsClient> viewers = new java.util.ArrayList<>();

    /** The next message of {@code type}, skipping relayed events and acks. */
    private static JsonNode until(WsClient worker, String type) {
        return worker.until(type);
    }

}
