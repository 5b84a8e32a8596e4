package dev.passage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passage.server.testing.Flows;
import dev.passage.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example app against the real server over real HTTP: it creates a link with the Java SDK, its
 * page carries the claim code and the web SDK, and the server's signed webhook is verified and kept.
 * A scripted worker and client stand in for the automation and the person's device.
 */
class IntegratorAppTest {
    static TestServer server;
    static IntegratorApp app;
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("sqlite");
        // A free port chosen first, so the webhook URL the app gives Passage names it.
        Settings settings = new Settings(server.newOrgKey(), server.uri(""), 0, URI.create("http://127.0.0.1"))
                .withPort(freePort());
        app = IntegratorApp.start(settings, server.clock);
    }

    @AfterAll
    static void stop() {
        app.close();
        server.close();
    }

    private static int freePort() throws Exception {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_link_made_by_the_app_is_opened_with_the_web_sdk_and_its_verified_webhook_brings_the_result() throws Exception {
        HttpResponse<String> home = get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("value=\"tmobile:paymentMethod\"").contains("value=\"att:mobileBillingStatement\"");

        HttpResponse<String> made = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/links"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("operation=tmobile%3ApaymentMethod")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(made.statusCode()).isEqualTo(303);
        String location = made.headers().firstValue("Location").orElseThrow();
        String linkId = location.substring("/links/".length());

        String page = get(location).body();
        assertThat(page).contains("<script src=\"" + server.uri("") + "/sdk/passage.js\"></script>");
        Matcher code = Pattern.compile("data-claim-code=\"(clm_[0-9a-f-]{36})\"").matcher(page);
        assertThat(code.find()).isTrue();

        Flows flows = new Flows(server);
        try (Flows.Both both = flows.active(flows.claimOk(code.group(1)))) {
            both.worker().send("{\"type\":\"worker.complete\",\"result\":{\"paymentMethods\":[{\"order\":0,\"vendorId\":\"pm_1\","
                    + "\"last4\":\"4242\",\"type\":\"credit_card\",\"isDefault\":true,\"raw\":{}}]}}");
            both.client().next("server.session_end");
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> app.linked(linkId).map(l -> l.webhook() != null).orElse(false));
        HttpResponse<String> result = get("/links/" + linkId + "/result");
        assertThat(result.body()).contains("\"webhookVerified\":true").contains("\"last4\":\"4242\"")
                .contains("\"status\":\"complete\"");
    }

    @Test
    void a_webhook_with_a_forged_signature_is_refused_with_400() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/webhooks/passage"))
                .header("Content-Type", "application/json").header("X-Passage-Signature", "e30.e30.c2ln")
                .header("X-Passage-Timestamp", "1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"link.complete\",\"linkId\":\"link_x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(get("/links/link_00000000-0000-0000-0000-000000000000").statusCode()).isEqualTo(404);
        assertThat(get("/nowhere").statusCode()).isEqualTo(404);
    }
}
