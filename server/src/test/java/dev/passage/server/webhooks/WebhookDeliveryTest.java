package dev.passage.server.webhooks;

import static dev.passage.server.webhooks.WebhookFixtures.complete;
import static dev.passage.server.webhooks.WebhookFixtures.delivery;
import static dev.passage.server.webhooks.WebhookFixtures.failed;
import static dev.passage.server.webhooks.WebhookFixtures.newLink;
import static dev.passage.server.webhooks.WebhookFixtures.statusCodes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSObject;
import dev.passage.server.json.Json;
import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Signed delivery, the retry schedule, failures and timeouts, with real receivers on loopback, on SQLite and PostgreSQL. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgresql"})
@PassageServer(settings = {"webhooks.poll-interval-millis=20", "webhooks.timeout-seconds=1", "webhooks.lease-seconds=30"})
class WebhookDeliveryTest {
    TestServer server;

    @Parameter
    String database;

    String orgId;
    Receiver receiver;

    @BeforeEach
    void newOrganization() {
        orgId = WebhookFixtures.newOrg(server.passage);
    }

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private void awaitAttempts(String linkId, String orgId, String deliveryId, int count) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> delivery(server.passage, orgId, linkId, deliveryId).attempts().size() >= count);
    }

    /** Waits long enough for a wrongly early attempt to show up, then checks that none did. */
    private static void assertNoNewRequestWithin(Receiver receiver, int expected) throws InterruptedException {
        Thread.sleep(150);
        assertThat(receiver.received()).hasSize(expected);
    }

    @Test
    void a_completed_link_is_posted_with_the_spec_body_and_a_signature_that_verifies_independently() throws Exception {
        receiver = Receiver.answering(204);
        String url = receiver.url("/hooks/passage");
        String linkId = newLink(server.passage, orgId, url);
        long eventAt = server.clock.millis();

        String id = complete(server.passage, server.clock, orgId, linkId, url).orElseThrow();

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
        Receiver.Received r = receiver.received().getFirst();
        JsonNode body = Json.mapper().readTree(r.body());
        assertThat(body.propertyNames()).containsExactly("event", "linkId", "status", "result", "error", "timestamp");
        assertThat(body.get("error").isNull()).isTrue();
        assertThat(body.get("event").asString()).isEqualTo("link.complete");
        assertThat(body.get("linkId").asString()).isEqualTo(linkId);
        assertThat(body.get("status").asString()).isEqualTo("complete");
        assertThat(body.get("result")).isEqualTo(WebhookFixtures.RESULT);
        assertThat(body.get("timestamp").asLong()).isEqualTo(eventAt);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("X-Passage-Delivery-Id")).isEqualTo(id).startsWith("whd_");
        assertThat(r.header("X-Passage-Event")).isEqualTo("link.complete");
        assertThat(r.header("X-Passage-Timestamp")).isEqualTo(Long.toString(eventAt / 1000));

        JWSObject jws = Signatures.verify(server, r);
        assertThat(jws.getHeader().getKeyID()).isEqualTo(server.passage.webhooks().ensureSigningKey().kid());

        awaitAttempts(linkId, orgId, id, 1);
        Delivery d = delivery(server.passage, orgId, linkId, id);
        assertThat(d.status()).isEqualTo("delivered");
        assertThat(statusCodes(d)).containsExactly(204);
        assertThat(d.attempts().getFirst().error()).isNull();
        assertThat(d.attempts().getFirst().keyId()).isEqualTo(jws.getHeader().getKeyID());
    }

    @Test
    void a_failed_link_is_posted_as_link_failed_with_its_error_code_and_message() throws Exception {
        receiver = Receiver.answering(200);
        String url = receiver.url("/hook");
        String linkId = newLink(server.passage, orgId, url);

        failed(server.passage, server.clock, orgId, linkId, url).orElseThrow();

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
        Receiver.Received r = receiver.received().getFirst();
        JsonNode body = Json.mapper().readTree(r.body());
        assertThat(body.propertyNames()).containsExactly("event", "linkId", "status", "result", "error", "timestamp");
        assertThat(body.get("result").isNull()).isTrue();
        assertThat(body.get("event").asString()).isEqualTo("link.failed");
        assertThat(body.get("status").asString()).isEqualTo("failed");
        assertThat(body.get("error").toString())
                .isEqualTo("{\"code\":\"AUTOMATION_ERROR\",\"message\":\"The portal said \\\"no\\\".\",\"reason\":\"site_unavailable\"}");
        assertThat(r.header("X-Passage-Event")).isEqualTo("link.failed");
        Signatures.verify(server, r);
    }

    @Test
    void a_link_without_a_webhook_url_enqueues_nothing() {
        String linkId = newLink(server.passage, orgId, null);

        assertThat(complete(server.passage, server.clock, orgId, linkId, null)).isEmpty();
        assertThat(server.passage.webhooks().deliveries(orgId, linkId)).isEmpty();
    }

    @Test
    void a_receiver_asking_to_retry_after_30_seconds_is_not_called_again_sooner() throws Exception {
        receiver = Receiver.start((r, nth) -> nth == 1 ? new Receiver.Reply(503, null, "30") : Receiver.Reply.of(200));
        String url = receiver.url("/hook");
        String linkId = newLink(server.passage, orgId, url);
        long eventAt = server.clock.millis();
        String id = complete(server.passage, server.clock, orgId, linkId, url).orElseThrow();

        awaitAttempts(linkId, orgId, id, 1);
        server.clock.advance(Duration.ofSeconds(5));
        assertNoNewRequestWithin(receiver, 1);
        server.clock.advance(Duration.ofSeconds(25));
        awaitAttempts(linkId, orgId, id, 2);

        Delivery d = delivery(server.passage, orgId, linkId, id);
        assertThat(d.status()).isEqualTo("delivered");
        assertThat(statusCodes(d)).containsExactly(503, 200);
        assertThat(d.attempts()).extracting(Delivery.Attempt::startedAt).containsExactly(eventAt, eventAt + 30_000);
    }

    @Test
    void a_receiver_that_fails_twice_then_succeeds_gets_three_attempts_at_0_1_and_5_seconds() throws Exception {
        receiver = Receiver.start((r, nth) -> Receiver.Reply.of(nth == 1 ? 500 : nth == 2 ? 503 : 200));
        String url = receiver.url("/hook");
        String linkId = newLink(server.passage, orgId, url);
        long eventAt = server.clock.millis();
        String id = complete(server.passage, server.clock, orgId, linkId, url).orElseThrow();

        awaitAttempts(linkId, orgId, id, 1);
        assertNoNewRequestWithin(receiver, 1);
        server.clock.advance(Duration.ofSeconds(1));
        awaitAttempts(linkId, orgId, id, 2);
        server.clock.advance(Duration.ofSeconds(3));
        assertNoNewRequestWithin(receiver, 2);
        server.clock.advance(Duration.ofSeconds(1));
        awaitAttempts(linkId, orgId, id, 3);

        Delivery d = delivery(server.passage, orgId, linkId, id);
        assertThat(d.status()).isEqualTo("delivered");
        assertThat(statusCodes(d)).containsExactly(500, 503, 200);
        assertThat(d.attempts()).extracting(Delivery.Attempt::startedAt)
                .containsExactly(eventAt, eventAt + 1000, eventAt + 5000);
        assertThat(d.attempts().get(0).error()).isEqualTo("HTTP 500");
        assertThat(d.attempts().get(2).error()).isNull();
        assertThat(receiver.received()).hasSize(3).allSatisfy(r -> {
            assertThat(r.deliveryId()).isEqualTo(id);
            assertThat(r.body()).isEqualTo(receiver.received().getFirst().body());
        });
        for (Receiver.Received r : receiver.received()) {
            Signatures.verify(server, r);
        }
        server.clock.advance(Duration.ofMinutes(5));
        assertNoNewRequestWithin(receiver, 3);
    }

    @Test
    void a_dead_receiver_gets_exactly_three_attempts_and_then_the_delivery_is_failed() throws Exception {
        receiver = Receiver.answering(500);
        String failingUrl = receiver.url("/hook");
        String deadUrl;
        try (ServerSocket closed = new ServerSocket(0)) {
            deadUrl = "http://127.0.0.1:" + closed.getLocalPort() + "/hook";
        }
        String failingLink = newLink(server.passage, orgId, failingUrl);
        String deadLink = newLink(server.passage, orgId, deadUrl);
        String failing = complete(server.passage, server.clock, orgId, failingLink, failingUrl).orElseThrow();
        String dead = complete(server.passage, server.clock, orgId, deadLink, deadUrl).orElseThrow();

        awaitAttempts(failingLink, orgId, failing, 1);
        awaitAttempts(deadLink, orgId, dead, 1);
        server.clock.advance(Duration.ofSeconds(1));
        awaitAttempts(failingLink, orgId, failing, 2);
        awaitAttempts(deadLink, orgId, dead, 2);
        server.clock.advance(Duration.ofSeconds(4));
        awaitAttempts(failingLink, orgId, failing, 3);
        awaitAttempts(deadLink, orgId, dead, 3);
        server.clock.advance(Duration.ofHours(1));
        assertNoNewRequestWithin(receiver, 3);

        Delivery f = delivery(server.passage, orgId, failingLink, failing);
        assertThat(f.status()).isEqualTo("failed");
        assertThat(f.nextAttemptAt()).isNull();
        assertThat(statusCodes(f)).containsExactly(500, 500, 500);
        Delivery d = delivery(server.passage, orgId, deadLink, dead);
        assertThat(d.status()).isEqualTo("failed");
        assertThat(d.attempts()).hasSize(3).allSatisfy(a -> {
            assertThat(a.statusCode()).isNull();
            assertThat(a.error()).startsWith("could not connect");
        });
    }

    @Test
    void redirects_are_not_followed_and_count_as_failed_attempts() throws Exception {
        receiver = Receiver.start((r, nth) -> r.path().equals("/hook")
                ? new Receiver.Reply(302, "/elsewhere") : Receiver.Reply.of(200));
        String url = receiver.url("/hook");
        String linkId = newLink(server.passage, orgId, url);
        String id = complete(server.passage, server.clock, orgId, linkId, url).orElseThrow();

        awaitAttempts(linkId, orgId, id, 1);

        Delivery d = delivery(server.passage, orgId, linkId, id);
        assertThat(d.status()).isEqualTo("pending");
        assertThat(statusCodes(d)).containsExactly(302);
        assertThat(d.attempts().getFirst().error()).isEqualTo("HTTP 302 (redirects are not followed)");
        assertThat(receiver.received("/elsewhere")).isEmpty();
    }

    @Test
    void a_slow_receiver_times_out_without_holding_up_another_receiver() throws Exception {
        receiver = Receiver.start((r, nth) -> {
            if (r.path().equals("/slow")) {
                Thread.sleep(3_000);
            }
            return Receiver.Reply.of(200);
        });
        String slowUrl = receiver.url("/slow");
        String fastUrl = receiver.url("/fast");
        String slowLink = newLink(server.passage, orgId, slowUrl);
        String fastLink = newLink(server.passage, orgId, fastUrl);
        String slow = complete(server.passage, server.clock, orgId, slowLink, slowUrl).orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received("/slow").size() == 1);

        long start = System.nanoTime();
        String fast = complete(server.passage, server.clock, orgId, fastLink, fastUrl).orElseThrow();
        awaitAttempts(fastLink, orgId, fast, 1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
        assertThat(delivery(server.passage, orgId, slowLink, slow).attempts()).isEmpty();

        awaitAttempts(slowLink, orgId, slow, 1);
        Delivery.Attempt timedOut = delivery(server.passage, orgId, slowLink, slow).attempts().getFirst();
        assertThat(timedOut.statusCode()).isNull();
        assertThat(timedOut.error()).isEqualTo("timed out after 1000 ms");
        assertThat(timedOut.latencyMs()).isBetween(1000L, 2500L);
    }
}
