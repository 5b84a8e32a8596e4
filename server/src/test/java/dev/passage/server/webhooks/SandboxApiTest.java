package dev.passage.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passage.server.json.Json;
import dev.passage.server.testing.Flows;
import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The sandbox's conveniences for integrators' tests: links driven to their end without a browser, and signed test webhooks. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgresql"})
@PassageServer(settings = "webhooks.poll-interval-millis=20")
class SandboxApiTest {
    @Parameter
    String database;

    TestServer server;
    Flows flows;

    private TestServer.Response drive(String linkId, String how, String body) {
        return server.postJson("/v1/sandbox/links/" + linkId + "/" + how, flows.key(), body);
    }

    @Test
    void completing_a_link_without_a_result_uses_its_operations_example_results_in_order() {
        String linkId = flows.createLink("""
                {"integrationId":"att","operations":[{"resource":"paymentMethod","action":"read"},
                  {"resource":"mobileBillingStatement","action":"read"}]}""").linkId();

        TestServer.Response r = drive(linkId, "complete", "");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isEqualTo("complete");
        JsonNode operations = flows.link(linkId).get("result").get("operations");
        assertThat(operations.get(0).get("resource").asString()).isEqualTo("paymentMethod");
        assertThat(operations.get(0).get("data").get("paymentMethods").get(0).get("last4").asString()).isEqualTo("4242");
        assertThat(operations.get(1).get("data").get("billing").size()).isEqualTo(2);
    }

    @Test
    void a_given_result_is_checked_against_the_schema_and_becomes_the_result() {
        String linkId = flows.createLink().linkId();
        assertThat(drive(linkId, "complete", "{\"result\":{\"paymentMethods\":[{\"order\":0}]}}").status()).isEqualTo(400);

        TestServer.Response r = drive(linkId, "complete", """
                {"result":{"paymentMethods":[{"order":0,"vendorId":"pm_9","last4":"1881","type":"debit_card","isDefault":false,"raw":{}}]}}""");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/result/paymentMethods/0/last4").asString()).isEqualTo("1881");
    }

    @Test
    void a_link_failed_in_the_sandbox_carries_the_chosen_code_reason_and_message_and_sends_its_webhook() throws Exception {
        try (Receiver receiver = Receiver.answering(200)) {
            String linkId = flows.createLink("""
                    {"integrationId":"tmobile","resource":"paymentMethod","action":"read","webhookUrl":"%s"}"""
                    .formatted(receiver.url("/hook"))).linkId();

            TestServer.Response r = drive(linkId, "fail", """
                    {"code":"AUTOMATION_ERROR","reason":"account_locked","message":"Locked for the test"}""");

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("error").toString())
                    .isEqualTo("{\"code\":\"AUTOMATION_ERROR\",\"message\":\"Locked for the test\",\"reason\":\"account_locked\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.received("/hook").isEmpty());
            Receiver.Received hook = receiver.received("/hook").getFirst();
            Signatures.verify(server, hook);
            assertThat(Json.mapper().readTree(new String(hook.body(), StandardCharsets.UTF_8)).at("/error/reason").asString())
                    .isEqualTo("account_locked");
        }
    }

    @Test
    void bad_choices_are_400_and_links_that_cannot_be_driven_say_why() {
        String linkId = flows.createLink().linkId();
        assertThat(drive(linkId, "fail", "{\"code\":\"NOPE\"}").status()).isEqualTo(400);
        assertThat(drive(linkId, "fail", "{\"reason\":\"because\"}").status()).isEqualTo(400);
        assertThat(drive(linkId, "fail", "{\"extra\":1}").status()).isEqualTo(400);

        assertThat(drive(linkId, "complete", "").status()).isEqualTo(200);
        assertThat(drive(linkId, "complete", "").status()).isEqualTo(409);

        String active = flows.newSession().linkId();
        assertThat(drive(active, "fail", "").status()).isEqualTo(409);

        String expiring = flows.createLink("""
                {"integrationId":"tmobile","resource":"paymentMethod","action":"read","expiresIn":1}""").linkId();
        server.clock.advance(Duration.ofSeconds(2));
        assertThat(drive(expiring, "fail", "").status()).isEqualTo(410);
        assertThat(drive("link_unknown", "fail", "").status()).isEqualTo(404);
    }

    @Test
    void a_test_webhook_of_either_event_is_signed_like_a_real_one() throws Exception {
        try (Receiver receiver = Receiver.answering(204)) {
            for (String event : new String[] {"link.complete", "link.failed"}) {
                TestServer.Response r = server.postJson("/v1/sandbox/webhooks/test", flows.key(),
                        "{\"url\":\"" + receiver.url("/" + event) + "\",\"event\":\"" + event + "\"}");
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.json().get("statusCode").asInt()).isEqualTo(204);
                Receiver.Received hook = receiver.received("/" + event).getFirst();
                Signatures.verify(server, hook);
                JsonNode body = Json.mapper().readTree(new String(hook.body(), StandardCharsets.UTF_8));
                assertThat(body.get("event").asString()).isEqualTo(event);
                assertThat(hook.header("X-Passage-Delivery-Id")).isEqualTo(r.json().get("deliveryId").asString());
            }
            assertThat(server.postJson("/v1/sandbox/webhooks/test", flows.key(), "{\"url\":\"ftp://x\"}").status()).isEqualTo(400);
        }
    }

    @Test
    void production_has_no_sandbox_routes() {
        try (TestServer production = TestServer.start(database, Map.of("env", "production",
                "public-url", "https://connect.example.com"))) {
            String key = production.newOrgKey();
            assertThat(production.postJson("/v1/sandbox/webhooks/test", key, "{\"url\":\"https://x.example\"}").status())
                    .isEqualTo(404);
            assertThat(production.postJson("/v1/sandbox/links/link_x/complete", key, "").status()).isEqualTo(404);
        }
    }
}
