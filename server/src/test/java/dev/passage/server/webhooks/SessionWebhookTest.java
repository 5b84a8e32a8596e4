package dev.passage.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSObject;
import dev.passage.server.json.Json;
import dev.passage.server.testing.Flows;
import dev.passage.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** A session's end reaches the integrator: the link's final status and its signed webhook, written together. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgresql"})
class SessionWebhookTest {
    static TestServer server;
    static Receiver receiver;

    @Parameter
    String database;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
        receiver = Receiver.answering(200);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        receiver.close();
    }

    private Flows.Claimed claimLinkWithWebhook(Flows flows, String path) {
        Flows.LinkRef link = flows.createLink("""
                {"integrationId":"tmobile","resource":"paymentMethod","action":"read","webhookUrl":"%s"}"""
                .formatted(receiver.url(path)));
        return flows.claimOk(link.claimCode());
    }

    @Test
    void a_completed_session_sends_a_signed_link_complete_webhook_with_the_result() throws Exception {
        Flows flows = new Flows(server);
        Flows.Claimed claimed = claimLinkWithWebhook(flows, "/complete");
        try (Flows.Both session = flows.active(claimed)) {
            session.worker().send("""
                    {"type":"worker.complete","result":{"paymentMethods":[{"order":0,"vendorId":"pm_1","last4":"4242",
                     "type":"credit_card","isDefault":true,"raw":{}}]}}""");
            session.client().until("server.session_end");
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.received("/complete").isEmpty());
        Receiver.Received hook = receiver.received("/complete").getFirst();
        JsonNode body = Json.mapper().readTree(hook.body());
        assertThat(body.get("event").asString()).isEqualTo("link.complete");
        assertThat(body.get("linkId").asString()).isEqualTo(claimed.linkId());
        assertThat(body.get("status").asString()).isEqualTo("complete");
        assertThat(body.at("/result/paymentMethods/0/last4").asString()).isEqualTo("4242");
        assertThat(body.get("timestamp").asLong()).isEqualTo(flows.link(claimed.linkId()).get("updatedAt").asLong());

        JWSObject jws = JWSObject.parse(hook.headers().getFirst("X-Passage-Signature"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(hook.body()));
        assertThat(jws.getPayload().toJSONObject().get("request_body_sha256")).isEqualTo(sha);
        assertThat(jws.getHeader().getKeyID()).startsWith("whk_");
    }

    @Test
    void a_failed_session_sends_a_link_failed_webhook_with_the_error() {
        Flows flows = new Flows(server);
        Flows.Claimed claimed = claimLinkWithWebhook(flows, "/failed");
        try (Flows.Both session = flows.active(claimed)) {
            session.worker().send("""
                    {"type":"worker.fail","error":{"code":"AUTOMATION_ERROR","message":"The payment page did not load"}}""");
            session.client().until("server.session_end");
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.received("/failed").isEmpty());
        JsonNode body = Json.mapper().readTree(new String(receiver.received("/failed").getFirst().body(), StandardCharsets.UTF_8));
        assertThat(body.get("event").asString()).isEqualTo("link.failed");
        assertThat(body.get("status").asString()).isEqualTo("failed");
        assertThat(body.at("/error/code").asString()).isEqualTo("AUTOMATION_ERROR");
        assertThat(body.at("/error/message").asString()).isEqualTo("The payment page did not load");
        assertThat(body.get("result").isNull()).isTrue();
    }

    @Test
    void a_link_without_a_webhook_url_completes_with_no_delivery() {
        Flows flows = new Flows(server);
        Flows.Claimed claimed = flows.claimOk(flows.createLink().claimCode());
        try (Flows.Both session = flows.active(claimed)) {
            session.worker().send("{\"type\":\"worker.complete\",\"result\":{\"paymentMethods\":[]}}");
            session.client().until("server.session_end");
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> flows.link(claimed.linkId()).get("status").asString().equals("complete"));
        Integer deliveries = server.passage.database().read(h -> h.createQuery(
                "SELECT COUNT(*) FROM webhook_deliveries WHERE link_id = :id").bind("id", claimed.linkId()).mapTo(Integer.class).one());
        assertThat(deliveries).isZero();
    }
}
