package dev.passage.sdk.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passage.sdk.errors.WebhookVerificationException;
import dev.passage.sdk.model.BillingStatements;
import dev.passage.sdk.model.LinkStatus;
import dev.passage.server.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The signer integrators test with, as the verifier's key source: no server needed. */
class WebhookSignerTest {
    private static final byte[] BODY = """
            {"event":"link.complete","linkId":"link_1","status":"complete","result":{"billing":[{"periodStart":"2026-10-01",
             "amountDue":84.10,"currency":"USD"}]},"timestamp":1795608000000}""".getBytes(StandardCharsets.UTF_8);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final WebhookSigner signer = WebhookSigner.generate();
    private final WebhookVerifier verifier = WebhookVerifier.builder().keySource(signer).clock(clock).build();

    @Test
    void a_body_signed_by_the_signer_verifies_and_reads_as_a_typed_event() {
        Map<String, String> headers = signer.headers(BODY, clock.instant(), "link.complete");

        WebhookEvent event = verifier.verify(BODY, headers::get);

        assertThat(event.type()).isEqualTo(WebhookEventType.LINK_COMPLETE);
        assertThat(event.status()).isEqualTo(LinkStatus.COMPLETE);
        assertThat(event.keyId()).isEqualTo(signer.keyId());
        assertThat(event.deliveryId()).contains(headers.get("X-Passage-Delivery-Id"));
        assertThat(event.timestamp()).isEqualTo(Instant.ofEpochMilli(1795608000000L));
        assertThat(event.result().orElseThrow().as(BillingStatements.class).billing().get(0).amountDue())
                .isEqualByComparingTo("84.10");
    }

    @Test
    void header_names_match_in_any_case() {
        Map<String, java.util.List<String>> lower = new HashMap<>();
        signer.headers(BODY, clock.instant(), "link.complete").forEach((k, v) -> lower.put(k.toLowerCase(), java.util.List.of(v)));

        assertThat(verifier.verify(BODY, lower).linkId()).isEqualTo("link_1");
    }

    @Test
    void a_signature_from_a_key_the_source_does_not_know_is_rejected() {
        WebhookSigner stranger = WebhookSigner.generate();

        assertThatThrownBy(() -> verifier.verify(BODY, stranger.headers(BODY, clock.instant(), "link.complete")::get))
                .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("unknown signing key");
    }

    @Test
    void a_signature_made_by_another_key_under_the_same_kid_does_not_verify() {
        WebhookSigner impostor = WebhookSigner.of(signer.keyId(), dev.passage.sdk.internal.Es256.generate());

        assertThatThrownBy(() -> verifier.verify(BODY, impostor.headers(BODY, clock.instant(), "link.complete")::get))
                .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("does not verify");
    }

    @Test
    void one_changed_byte_of_the_body_is_rejected() {
        Map<String, String> headers = signer.headers(BODY, clock.instant(), "link.complete");
        byte[] changed = BODY.clone();
        changed[changed.length - 2]++;

        assertThatThrownBy(() -> verifier.verify(changed, headers::get))
                .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("not the one signed");
    }

    @Test
    void signatures_older_or_newer_than_the_tolerance_are_rejected() {
        Map<String, String> now = signer.headers(BODY, clock.instant(), "link.complete");
        Map<String, String> future = signer.headers(BODY, clock.instant().plus(Duration.ofMinutes(6)), "link.complete");

        assertThatThrownBy(() -> verifier.verify(BODY, future::get)).isInstanceOf(WebhookVerificationException.class);
        clock.advance(Duration.ofMinutes(5));
        assertThat(verifier.verify(BODY, now::get).linkId()).isEqualTo("link_1");
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> verifier.verify(BODY, now::get))
                .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("replay");
    }

    @Test
    void a_timestamp_header_that_differs_from_the_signed_iat_is_rejected() {
        Map<String, String> headers = new HashMap<>(signer.headers(BODY, clock.instant(), "link.complete"));
        headers.put("X-Passage-Timestamp", Long.toString(clock.instant().getEpochSecond() + 1));

        assertThatThrownBy(() -> verifier.verify(BODY, headers::get))
                .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("X-Passage-Timestamp");
    }

    @Test
    void a_signature_that_is_not_a_jws_is_rejected() {
        assertThatThrownBy(() -> verifier.verify(BODY, Map.of("X-Passage-Signature", "not.a-jws")::get))
                .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("compact JWS");
    }

    @Test
    void a_key_is_fetched_once_and_unknown_kids_are_not_looked_up_again_for_a_while() {
        AtomicInteger lookups = new AtomicInteger();
        WebhookVerifier counting = WebhookVerifier.builder().clock(clock).unknownKeyBackoff(Duration.ofSeconds(10))
                .keySource(kid -> {
                    lookups.incrementAndGet();
                    return signer.find(kid);
                }).build();
        for (int i = 0; i < 3; i++) {
            counting.verify(BODY, signer.headers(BODY, clock.instant(), "link.complete")::get);
        }
        assertThat(lookups).hasValue(1);

        WebhookSigner forger = WebhookSigner.generate();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> counting.verify(BODY, forger.headers(BODY, clock.instant(), "link.complete")::get))
                    .isInstanceOf(WebhookVerificationException.class);
        }
        assertThat(lookups).hasValue(2);

        clock.advance(Duration.ofSeconds(11));
        assertThatThrownBy(() -> counting.verify(BODY, forger.headers(BODY, clock.instant(), "link.complete")::get))
                .isInstanceOf(WebhookVerificationException.class);
        assertThat(lookups).hasValue(3);
    }

    @Test
    void the_signers_public_key_round_trips_through_pem() {
        VerificationKey key = signer.verificationKey();

        VerificationKey read = VerificationKey.fromJson(key.json());

        assertThat(read.publicKey()).isEqualTo(key.publicKey());
        assertThat(read.pem()).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(signer.find("whk_other")).isEqualTo(Optional.empty());
    }
}
