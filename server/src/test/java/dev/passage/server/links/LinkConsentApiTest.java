package dev.passage.server.links;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.passage.server.json.Json;
import dev.passage.server.testing.Flows;
import dev.passage.server.testing.TestServer;
import dev.passage.server.testing.WsClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** GET /link/info and POST /link/decline over real HTTP: what the consent page shows, and the person's no. */
class LinkConsentApiTest {
    static TestServer server;
    static HttpServer receiver;
    static final List<String> webhooks = new CopyOnWriteArrayList<>();
    Flows flows;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start("sqlite");
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            webhooks.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
        server.close();
    }

    @BeforeEach
    void newOrganization() {
        flows = new Flows(server);
    }

    TestServer.Response info(String code) {
        return server.get("/link/info?code=" + code, null);
    }

    TestServer.Response decline(String code) {
        return server.postJson("/link/decline", null, Json.mapper().createObjectNode().put("code", code).toString());
    }

    @Test
    void info_names_the_organization_the_service_and_the_operations_and_never_their_arguments() {
        Flows.LinkRef link = flows.createLink("""
                {"integrationId":"att","operations":[
                  {"resource":"paymentMethod","action":"write","arguments":{"cardNumber":"4111111111111111","expirationDate":"12/30",
                   "cvv":"123","nameOnCard":"Test User","billingZip":"94105","dryRun":true}},
                  {"resource":"mobileBillingStatement","action":"read","arguments":{"limit":2}}]}""");
        TestServer.Response r = info(link.claimCode());
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.propertyNames()).containsExactly("linkId", "status", "organization", "integration", "purpose",
                "operations", "expiresAt", "returnUrl", "appClipUrl", "lastTry");
        assertThat(body.path("linkId").asString()).isEqualTo(link.linkId());
        assertThat(body.path("status").asString()).isEqualTo("pending");
        assertThat(body.path("organization").toString()).isEqualTo("{\"name\":\"Test org\"}");
        assertThat(body.path("integration").toString()).isEqualTo("{\"id\":\"att\",\"name\":\"AT&T\"}");
        assertThat(body.path("operations").size()).isEqualTo(2);
        assertThat(body.path("purpose").asString())
                .isEqualTo("Test org wants to read your AT&T billing statements and add a payment card to your AT&T account");
        assertThat(body.path("operations").get(0).propertyNames()).containsExactly("resource", "action", "phrase", "description");
        assertThat(body.path("operations").get(0).path("action").asString()).isEqualTo("write");
        assertThat(body.path("operations").get(0).path("phrase").asString()).isEqualTo("add a payment card to your AT&T account");
        assertThat(body.path("operations").get(1).path("phrase").asString()).isEqualTo("read your AT&T billing statements");
        assertThat(body.path("operations").get(0).path("description").asString()).contains("AT&T");
        assertThat(body.path("returnUrl").isNull()).isTrue();
        assertThat(r.body()).doesNotContain("4111").doesNotContain("Test User").doesNotContain("94105")
                .doesNotContain("limit");
        assertThat(body.path("appClipUrl").asString()).endsWith("/clip?code=" + link.claimCode());
    }

    @Test
    void an_unknown_code_is_404_and_a_missing_one_400() {
        assertThat(info("clm_00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
        assertThat(server.get("/link/info", null).status()).isEqualTo(400);
        assertThat(decline("clm_00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
        assertThat(server.postJson("/link/decline", null, "{}").status()).isEqualTo(400);
        assertThat(server.postJson("/link/decline", null, "{\"code\":7}").json().path("error").asString()).contains("code");
    }

    @Test
    void declining_fails_the_link_with_reason_user_cancelled_tells_watchers_and_sends_the_webhook() {
        Flows.LinkRef link = flows.createLink("""
                {"integrationId":"tmobile","resource":"paymentMethod","action":"read","webhookUrl":"http://127.0.0.1:%d/hook"}"""
                .formatted(receiver.getAddress().getPort()));
        try (WsClient watcher = WsClient.connect(server.wsUri("/link/ws?code=" + link.claimCode()))) {
            assertThat(watcher.next("status").path("status").asString()).isEqualTo("pending");
            TestServer.Response r = decline(link.claimCode());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().path("status").asString()).isEqualTo("failed");
            assertThat(r.json().path("error").toString()).isEqualTo("{\"code\":\"CONNECTION_FAILED\",\"message\":"
                    + "\"The person declined to link their account.\",\"reason\":\"user_cancelled\"}");
            JsonNode event = watcher.next("status");
            assertThat(event.path("status").asString()).isEqualTo("failed");
            assertThat(event.path("error").path("code").asString()).isEqualTo("CONNECTION_FAILED");
        }
        JsonNode link2 = flows.link(link.linkId());
        assertThat(link2.path("status").asString()).isEqualTo("failed");
        assertThat(link2.path("error").path("reason").asString()).isEqualTo("user_cancelled");
        assertThat(info(link.claimCode()).json().path("status").asString()).isEqualTo("failed");

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (webhooks.stream().noneMatch(b -> b.contains(link.linkId())) && System.nanoTime() < deadline) {
            sleep();
        }
        String hook = webhooks.stream().filter(b -> b.contains(link.linkId())).findFirst().orElseThrow();
        JsonNode body = Json.mapper().readTree(hook);
        assertThat(body.path("event").asString()).isEqualTo("link.failed");
        assertThat(body.path("error").path("code").asString()).isEqualTo("CONNECTION_FAILED");
        assertThat(body.path("error").path("message").asString()).isEqualTo("The person declined to link their account.");
    }

    @Test
    void a_failed_link_may_be_declined_an_active_or_complete_one_not_and_an_expired_one_is_gone() {
        Flows.LinkRef failed = flows.createLink();
        Flows.Claimed claimed = flows.claimOk(failed.claimCode());
        assertThat(decline(failed.claimCode()).status()).as("active").isEqualTo(409);
        try (WsClient worker = flows.worker(claimed)) {
            worker.send("{\"type\":\"worker.fail\",\"error\":{\"code\":\"AUTOMATION_ERROR\",\"message\":\"portal down\"}}");
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!flows.link(failed.linkId()).path("status").asString().equals("failed") && System.nanoTime() < deadline) {
                sleep();
            }
        }
        TestServer.Response again = decline(failed.claimCode());
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(flows.link(failed.linkId()).path("error").path("reason").asString()).isEqualTo("user_cancelled");
        // A declined link may still be claimed (the person changed their mind), and the claim clears the reason.
        flows.claimOk(failed.claimCode());
        assertThat(flows.link(failed.linkId()).path("error").isNull()).isTrue();

        Flows.LinkRef complete = flows.createLink();
        try (Flows.Both s = flows.active(flows.claimOk(complete.claimCode()))) {
            s.worker().send("{\"type\":\"worker.complete\",\"result\":{\"paymentMethods\":[]}}");
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!flows.link(complete.linkId()).path("status").asString().equals("complete") && System.nanoTime() < deadline) {
                sleep();
            }
        }
        assertThat(decline(complete.claimCode()).status()).as("complete").isEqualTo(409);

        Flows.LinkRef expiring = flows.createLink("""
                {"integrationId":"tmobile","resource":"paymentMethod","action":"read","expiresIn":60}""");
        server.clock.advance(Duration.ofSeconds(61));
        assertThat(decline(expiring.claimCode()).status()).isEqualTo(410);
        assertThat(info(expiring.claimCode()).json().path("status").asString()).isEqualTo("expired");
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
