package dev.passage.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private final Instant now = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void retry_after_reads_delay_seconds_and_http_dates_and_caps_them_at_an_hour() {
        assertThat(WebhookSender.retryAfterMillis("30", now)).contains(30_000L);
        assertThat(WebhookSender.retryAfterMillis("Wed, 25 Nov 2026 12:02:00 GMT", now)).contains(120_000L);
        assertThat(WebhookSender.retryAfterMillis("999999", now)).contains(WebhookSender.MAX_RETRY_AFTER_MILLIS);
    }

    @Test
    void an_unreadable_or_past_retry_after_is_ignored() {
        assertThat(WebhookSender.retryAfterMillis("soon", now)).isEmpty();
        assertThat(WebhookSender.retryAfterMillis("-5", now)).isEmpty();
        assertThat(WebhookSender.retryAfterMillis("Wed, 25 Nov 2026 11:00:00 GMT", now)).isEmpty();
    }
}
