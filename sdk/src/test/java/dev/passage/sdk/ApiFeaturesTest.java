package dev.passage.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.passage.sdk.errors.ConflictException;
import dev.passage.sdk.errors.ExpiredException;
import dev.passage.sdk.errors.InvalidRequestException;
import dev.passage.sdk.errors.PassageException;
import dev.passage.sdk.errors.RateLimitedException;
import dev.passage.sdk.internal.Json;
import dev.passage.sdk.model.CreatedLink;
import dev.passage.sdk.model.Link;
import dev.passage.sdk.model.LinkStatus;
import dev.passage.sdk.model.PaymentMethods;
import dev.passage.sdk.model.BillingStatements;
import dev.passage.sdk.params.LinkCreateParams;
import dev.passage.sdk.params.OperationParams;
import dev.passage.sdk.testing.Receiver;
import dev.passage.sdk.testing.SharedServer;
import dev.passage.sdk.webhooks.WebhookEvent;
import dev.passage.sdk.webhooks.WebhookEventType;
import dev.passage.sdk.webhooks.WebhookVerifier;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The API's newer parts through the SDK, against the real server: {@code returnUrl},
 * {@code result.operations[]}, {@code error.reason}, {@code Idempotency-Key} replay, per-key rate
 * limits, {@code /v1/sandbox/*} and {@code algorithm} in the key response.
 */
class ApiFeaturesTest {
    private final PassageClient passage = SharedServer.newClient();

    private static LinkCreateParams.Builder tmobileRead() {
        return LinkCreateParams.builder().integrationId("tmobile").operation("paymentMethod", "read");
    }

    @Test
    void a_return_url_comes_back_with_the_link_id_added() {
        CreatedLink created = passage.links().create(tmobileRead().returnUrl("myapp://callback?from=passage").build());

        assertThat(created.returnUrl()).hasValueSatisfying(url -> assertThat(url)
                .startsWith("myapp://callback?from=passage").contains("linkId=" + created.linkId()));
        assertThat(passage.links().get(created.linkId()).returnUrl()).isEqualTo(created.returnUrl());
    }

    @Test
    void a_sandbox_completed_multi_operation_link_lists_its_results_in_request_order() {
        CreatedLink created = passage.links().create(LinkCreateParams.builder().integrationId("att")
                .addOperation(OperationParams.paymentMethodRead())
                .addOperation(OperationParams.read("mobileBillingStatement", 2))
                .build());

        Link link = passage.sandbox().completeLink(created.linkId());

        assertThat(link.status()).isEqualTo(LinkStatus.COMPLETE);
        assertThat(link.result().orElseThrow().json().has("operations")).isTrue();
        assertThat(link.operationResults()).extracting(r -> r.resource() + "." + r.action())
                .containsExactly("paymentMethod.read", "mobileBillingStatement.read");
        assertThat(link.result().orElseThrow().as(PaymentMethods.class).paymentMethods()).isNotNull();
        assertThat(link.result().orElseThrow().as(BillingStatements.class).billing()).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void a_sandbox_completion_with_a_given_result_is_the_links_result() {
        String linkId = passage.links().create(tmobileRead().build()).linkId();

        Link link = passage.sandbox().completeLink(linkId, Json.parse("""
                {"paymentMethods":[{"order":0,"vendorId":"pm_9","last4":"1881","type":"debit_card","isDefault":false,"raw":{}}]}"""
                .getBytes()));

        assertThat(link.result().orElseThrow().as(PaymentMethods.class).paymentMethods().get(0).last4()).isEqualTo("1881");
    }

    @Test
    void a_sandbox_failure_carries_its_reason() {
        String linkId = passage.links().create(tmobileRead().build()).linkId();

        Link link = passage.sandbox().failLink(linkId, "AUTOMATION_ERROR", "invalid_credentials", "Wrong password");

        assertThat(link.status()).isEqualTo(LinkStatus.FAILED);
        assertThat(link.error()).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo("AUTOMATION_ERROR");
            assertThat(e.reason()).contains("invalid_credentials");
            assertThat(e.message()).isEqualTo("Wrong password");
        });
    }

    @Test
    void driving_a_complete_link_is_a_conflict_and_an_expired_one_is_expired() {
        String complete = passage.links().create(tmobileRead().build()).linkId();
        passage.sandbox().completeLink(complete);
        assertThatThrownBy(() -> passage.sandbox().completeLink(complete)).isInstanceOf(ConflictException.class);

        String expiring = passage.links().create(tmobileRead().expiresIn(Duration.ofSeconds(60)).build()).linkId();
        SharedServer.get().clock.advance(Duration.ofSeconds(61));
        assertThatThrownBy(() -> passage.sandbox().failLink(expiring, "AUTOMATION_ERROR", null, "late"))
                .isInstanceOf(ExpiredException.class);
    }

    @Test
    void a_sandbox_test_webhook_verifies_with_the_sdk() {
        try (Receiver receiver = Receiver.start()) {
            passage.sandbox().sendTestWebhook(receiver.url("/test"), WebhookEventType.LINK_FAILED);
            await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.received("/test").isEmpty());
            Receiver.Received hook = receiver.received("/test").get(0);

            WebhookEvent event = WebhookVerifier.builder().client(passage).build().verify(hook.body(), hook.headers());

            assertThat(event.type()).isEqualTo(WebhookEventType.LINK_FAILED);
            assertThat(event.error()).isPresent();
        }
    }

    @Test
    void the_same_idempotency_key_and_body_replay_the_first_answer() {
        RequestOptions once = RequestOptions.builder().idempotencyKey("order-" + System.nanoTime()).build();

        CreatedLink first = passage.links().create(tmobileRead().externalUserId("u1").build(), once);
        CreatedLink again = passage.links().create(tmobileRead().externalUserId("u1").build(), once);

        assertThat(again.linkId()).isEqualTo(first.linkId());
        assertThat(again.claimCode()).isEqualTo(first.claimCode());
    }

    @Test
    void the_same_idempotency_key_with_another_body_is_refused() {
        RequestOptions once = RequestOptions.builder().idempotencyKey("order-" + System.nanoTime()).build();
        passage.links().create(tmobileRead().externalUserId("u1").build(), once);

        assertThatThrownBy(() -> passage.links().create(tmobileRead().externalUserId("u2").build(), once))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(422);
                    assertThat(e.errorMessage()).containsIgnoringCase("idempotency");
                });
    }

    @Test
    void concurrent_creates_with_one_idempotency_key_make_one_link() throws Exception {
        RequestOptions once = RequestOptions.builder().idempotencyKey("order-" + System.nanoTime()).maxRetries(3).build();
        Set<String> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> {
                    try {
                        ids.add(passage.links().create(tmobileRead().build(), once).linkId());
                    } catch (ConflictException inFlight) {
                        // A server may answer 409 while the first request with the key is still running.
                    }
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ids).hasSize(1);
    }

    @Test
    void an_api_key_past_its_rate_limit_gets_rate_limited_with_retry_after() {
        RequestOptions noRetry = RequestOptions.builder().maxRetries(0).build();
        RateLimitedException limited = null;
        for (int i = 0; i < 3_000 && limited == null; i++) {
            try {
                passage.providers().list(noRetry);
            } catch (RateLimitedException e) {
                limited = e;
            } catch (PassageException e) {
                throw e;
            }
        }
        assertThat(limited).as("a 429 within 3000 requests").isNotNull();
        assertThat(limited.retryAfter()).isPresent();
    }

    @Test
    void the_key_response_names_its_algorithm() {
        var verifier = WebhookVerifier.builder().client(passage).build();
        String kid = SharedServer.get().passage.webhooks().ensureSigningKey().kid();

        assertThat(passage.webhooks().verificationKey(kid)).hasValueSatisfying(k -> {
            assertThat(k.json().path("algorithm").asText()).isEqualTo("ES256");
            assertThat(k.algorithm()).isEqualTo("ES256");
        });
        assertThat(verifier).isNotNull();
    }
}
