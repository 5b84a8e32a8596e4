package dev.passage.sdk.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passage.sdk.PassageClient;
import dev.passage.sdk.errors.WebhookVerificationException;
import dev.passage.sdk.internal.Json;
import dev.passage.sdk.internal.Jws;
import dev.passage.sdk.model.Delivery;
import dev.passage.sdk.model.LinkStatus;
import dev.passage.sdk.model.PaymentMethod;
import dev.passage.sdk.model.PaymentMethodType;
import dev.passage.sdk.model.PaymentMethods;
import dev.passage.sdk.params.LinkCreateParams;
import dev.passage.sdk.testing.Receiver;
import dev.passage.sdk.testing.Sessions;
import dev.passage.sdk.testing.SharedServer;
import dev.passage.server.testing.MutableClock;
import dev.passage.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Webhooks the real server signs and sends to a real receiver, verified with the SDK. */
class ServerWebhooksTest {
    private static final String PAYMENT_METHODS = """
            {"paymentMethods":[{"order":0,"vendorId":"pm_1","last4":"4242","type":"credit_card","isDefault":true,
             "brand":"visa","expirationDate":"04/29","billingZip":"94107","raw":{"id":"pm_1","futureField":1}}]}""";

    private static Receiver receiver;
    private final TestServer server = SharedServer.get();
    private final Sessions sessions = Sessions.newOrg(server);
    private final PassageClient passage = SharedServer.client(sessions.apiKey());
    private final WebhookVerifier verifier = WebhookVerifier.builder().client(passage).build();

    @BeforeAll
    static void startReceiver() {
        receiver = Receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    /** A link whose webhooks go to {@code path} on the receiver, completed with {@code result}; the webhook it sent. */
    private Receiver.Received completedLinkWebhook(String path, String result) {
        var link = passage.links().create(LinkCreateParams.builder().integrationId("tmobile")
                .operation("paymentMethod", "read").webhookUrl(receiver.url(path)).build());
        sessions.complete(link.claimCode(), result);
        return awaitWebhook(path, 1);
    }

    private static Receiver.Received awaitWebhook(String path, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() >= count);
        return receiver.received(path).get(count - 1);
    }

    @Test
    void a_webhook_signed_by_the_server_verifies_with_the_sdk() {
        Receiver.Received hook = completedLinkWebhook("/complete", PAYMENT_METHODS);

        WebhookEvent event = verifier.verify(hook.body(), hook.headers());

        assertThat(event.type()).isEqualTo(WebhookEventType.LINK_COMPLETE);
        assertThat(event.status()).isEqualTo(LinkStatus.COMPLETE);
        assertThat(event.linkId()).startsWith("link_");
        assertThat(event.error()).isEmpty();
        assertThat(event.deliveryId()).hasValueSatisfying(id -> assertThat(id).startsWith("whd_"));
        assertThat(event.keyId()).startsWith("whk_");
        assertThat(event.timestamp()).isEqualTo(passage.links().get(event.linkId()).updatedAt());
        PaymentMethod card = event.result().orElseThrow().as(PaymentMethods.class).paymentMethods().get(0);
        assertThat(card.last4()).isEqualTo("4242");
        assertThat(card.type()).isEqualTo(PaymentMethodType.CREDIT_CARD);
        assertThat(card.brand()).contains("visa");
        assertThat(card.nickname()).isEmpty();
        assertThat(card.raw().get("futureField").asInt()).isEqualTo(1);
    }

    @Test
    void the_completed_link_reads_back_with_its_typed_result() {
        Receiver.Received hook = completedLinkWebhook("/polled", PAYMENT_METHODS);
        String linkId = verifier.verify(hook.body(), hook.headers()).linkId();

        var link = passage.links().get(linkId);

        assertThat(link.status()).isEqualTo(LinkStatus.COMPLETE);
        assertThat(link.currentSessionId()).hasValueSatisfying(id -> assertThat(id).startsWith("session_"));
        assertThat(link.result().orElseThrow().as(PaymentMethods.class).paymentMethods())
                .extracting(PaymentMethod::vendorId).containsExactly("pm_1");
        assertThat(link.operationResults()).singleElement().satisfies(r -> {
            assertThat(r.is("paymentMethod", "read")).isTrue();
            assertThat(r.as(PaymentMethods.class).paymentMethods()).hasSize(1);
        });
    }

    @Test
    void a_failed_link_sends_a_webhook_that_verifies_with_its_error() {
        var link = passage.links().create(LinkCreateParams.builder().integrationId("tmobile")
                .operation("paymentMethod", "read").webhookUrl(receiver.url("/failed")).build());
        sessions.fail(link.claimCode(), "AUTOMATION_ERROR", "The payment page did not load");
        Receiver.Received hook = awaitWebhook("/failed", 1);

        WebhookEvent event = verifier.verify(hook.body(), hook::header);

        assertThat(event.type()).isEqualTo(WebhookEventType.LINK_FAILED);
        assertThat(event.status()).isEqualTo(LinkStatus.FAILED);
        assertThat(event.result()).isEmpty();
        assertThat(event.error()).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo("AUTOMATION_ERROR");
            assertThat(e.message()).isEqualTo("The payment page did not load");
        });
        assertThat(passage.links().get(link.linkId()).error()).hasValueSatisfying(e ->
                assertThat(e.code()).isEqualTo("AUTOMATION_ERROR"));
    }

    @Test
    void a_links_deliveries_list_every_attempt_and_a_resend_makes_a_new_delivery() {
        Receiver.Received hook = completedLinkWebhook("/deliveries", PAYMENT_METHODS);
        String linkId = verifier.verify(hook.body(), hook.headers()).linkId();
        await().atMost(Duration.ofSeconds(10)).until(() -> passage.webhooks().deliveries(linkId).get(0).status().equals("delivered"));

        Delivery first = passage.webhooks().deliveries(linkId).get(0);
        assertThat(first.id()).isEqualTo(hook.header("X-Passage-Delivery-Id"));
        assertThat(first.event()).isEqualTo("link.complete");
        assertThat(first.url()).isEqualTo(receiver.url("/deliveries"));
        assertThat(first.payload().get("linkId").asText()).isEqualTo(linkId);
        assertThat(first.attempts()).singleElement().satisfies(a -> {
            assertThat(a.number()).isEqualTo(1);
            assertThat(a.statusCode()).hasValue(200);
            assertThat(a.error()).isEmpty();
            assertThat(a.keyId()).contains(verifier.verify(hook.body(), hook.headers()).keyId());
        });

        Delivery resent = passage.webhooks().resend(linkId);
        assertThat(resent.resendOf()).contains(first.id());
        Receiver.Received again = awaitWebhook("/deliveries", 2);
        assertThat(again.body()).isEqualTo(hook.body());
        assertThat(verifier.verify(again.body(), again.headers()).deliveryId()).contains(resent.id());
    }

    @Test
    void after_a_key_rotation_new_signatures_verify_and_old_ones_still_do() {
        Receiver.Received before = completedLinkWebhook("/rotation", PAYMENT_METHODS);
        String linkId = verifier.verify(before.body(), before.headers()).linkId();
        String oldKid = verifier.verify(before.body(), before.headers()).keyId();

        String newKid = server.passage.webhooks().rotateSigningKey().kid();
        passage.webhooks().resend(linkId);
        Receiver.Received after = awaitWebhook("/rotation", 2);

        WebhookEvent resent = verifier.verify(after.body(), after.headers());
        assertThat(resent.keyId()).isEqualTo(newKid).isNotEqualTo(oldKid);
        WebhookVerifier fresh = WebhookVerifier.builder().client(passage).build();
        assertThat(fresh.verify(before.body(), before.headers()).keyId()).isEqualTo(oldKid);
        assertThat(passage.webhooks().verificationKey(oldKid)).hasValueSatisfying(k -> assertThat(k.retired()).isTrue());
        assertThat(passage.webhooks().verificationKey(newKid)).hasValueSatisfying(k -> {
            assertThat(k.retired()).isFalse();
            assertThat(k.algorithm()).isEqualTo("ES256");
        });
    }

    @Test
    void a_tampered_body_is_rejected() {
        Receiver.Received hook = completedLinkWebhook("/tampered", PAYMENT_METHODS);
        byte[] tampered = new String(hook.body(), StandardCharsets.UTF_8).replace("4242", "0000").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> verifier.verify(tampered, hook.headers()))
                .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("SHA-256");
    }

    @Test
    void a_signature_naming_a_kid_the_server_does_not_know_is_rejected() {
        Receiver.Received hook = completedLinkWebhook("/wrong-kid", PAYMENT_METHODS);
        Map<String, List<String>> headers = withSignature(hook, withHeader(hook, "kid", "whk_forged"));

        assertThatThrownBy(() -> verifier.verify(hook.body(), headers))
                .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("unknown signing key whk_forged");
    }

    @Test
    void a_signature_header_swapped_onto_another_key_does_not_verify() {
        Receiver.Received hook = completedLinkWebhook("/other-key", PAYMENT_METHODS);
        String otherKid = server.passage.webhooks().signingKeys().stream()
                .map(k -> k.kid()).filter(k -> !k.equals(verifier.verify(hook.body(), hook.headers()).keyId()))
                .findFirst().orElseGet(() -> server.passage.webhooks().rotateSigningKey().kid());
        Map<String, List<String>> headers = withSignature(hook, withHeader(hook, "kid", otherKid));

        assertThatThrownBy(() -> verifier.verify(hook.body(), headers))
                .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("does not verify");
    }

    @Test
    void a_stale_signature_is_rejected_by_the_injected_clock() {
        Receiver.Received hook = completedLinkWebhook("/stale", PAYMENT_METHODS);
        MutableClock later = new MutableClock(server.clock.instant());
        later.advance(Duration.ofMinutes(6));
        WebhookVerifier sixMinutesLater = WebhookVerifier.builder().client(passage).clock(later).build();

        assertThatThrownBy(() -> sixMinutesLater.verify(hook.body(), hook.headers()))
                .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("more than PT5M");
        WebhookVerifier tolerant = WebhookVerifier.builder().client(passage).clock(Clock.offset(server.clock, Duration.ofMinutes(6)))
                .tolerance(Duration.ofMinutes(10)).build();
        assertThat(tolerant.verify(hook.body(), hook.headers()).linkId()).startsWith("link_");
    }

    @Test
    void a_signature_with_another_algorithm_is_rejected_before_any_key_lookup() {
        Receiver.Received hook = completedLinkWebhook("/alg", PAYMENT_METHODS);
        for (String alg : List.of("HS256", "none", "RS256", "ES384")) {
            Map<String, List<String>> headers = withSignature(hook, withHeader(hook, "alg", alg));
            assertThatThrownBy(() -> verifier.verify(hook.body(), headers))
                    .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("only ES256");
        }
    }

    @Test
    void a_missing_signature_is_rejected() {
        Receiver.Received hook = completedLinkWebhook("/unsigned", PAYMENT_METHODS);
        Map<String, List<String>> headers = new HashMap<>(hook.headers());
        headers.keySet().removeIf(name -> name.equalsIgnoreCase("X-Passage-Signature"));

        assertThatThrownBy(() -> verifier.verify(hook.body(), headers))
                .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("no X-Passage-Signature");
    }

    /** The received signature with one header field changed (and the original signature kept). */
    private static String withHeader(Receiver.Received hook, String field, String value) {
        String[] parts = hook.header("X-Passage-Signature").split("\\.");
        ObjectNode header = (ObjectNode) Json.parse(Base64.getUrlDecoder().decode(parts[0]));
        header.put(field, value);
        return Jws.encode(Json.bytes(header)) + "." + parts[1] + "." + parts[2];
    }

    private static Map<String, List<String>> withSignature(Receiver.Received hook, String signature) {
        Map<String, List<String>> headers = new HashMap<>();
        hook.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("X-Passage-Signature")) {
                headers.put(k, v);
            }
        });
        headers.put("X-Passage-Signature", List.of(signature));
        return headers;
    }
}
