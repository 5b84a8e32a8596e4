package dev.passage.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** When attempts go: on the schedule's offsets, retries jittered within ±20% of their gap, never before Retry-After. */
class RetryScheduleTest {
    private static final List<Duration> SPEC = List.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(5));

    @Test
    void without_jitter_attempts_go_at_the_offsets_after_the_event() {
        RetrySchedule schedule = new RetrySchedule(SPEC, 0, new Random(1));
        assertThat(schedule.firstAttemptAt(10_000)).isEqualTo(10_000);
        assertThat(schedule.nextAttemptAt(1, 10_000, 10_000, null)).isEqualTo(11_000);
        assertThat(schedule.nextAttemptAt(2, 10_000, 11_000, null)).isEqualTo(15_000);
        assertThat(schedule.nextAttemptAt(3, 10_000, 15_000, null)).isNull();
    }

    @Test
    void every_retry_moves_within_twenty_percent_of_its_gap_and_the_first_attempt_never_does() {
        RetrySchedule schedule = new RetrySchedule(SPEC, 0.2, new Random(42));
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        for (int i = 0; i < 2_000; i++) {
            assertThat(schedule.firstAttemptAt(0)).isZero();
            long third = schedule.nextAttemptAt(2, 0, 1_000, null);
            assertThat(third).isBetween(4_200L, 5_800L);
            low = Math.min(low, third);
            high = Math.max(high, third);
        }
        // Spread over the window, not stuck at one end.
        assertThat(low).isLessThan(4_400);
        assertThat(high).isGreaterThan(5_600);
    }

    @Test
    void a_late_attempt_keeps_its_gap_and_a_receivers_retry_after_is_never_undercut() {
        RetrySchedule schedule = new RetrySchedule(SPEC, 0.2, new Random(7));
        // Attempt 1 ran 60 s late (the node was down): the next keeps at least most of its 1 s gap.
        assertThat(schedule.nextAttemptAt(1, 0, 60_000, null)).isBetween(60_800L, 61_200L);
        // The receiver asked for 30 s.
        assertThat(schedule.nextAttemptAt(1, 0, 0, 30_000L)).isEqualTo(30_000);
    }
}
