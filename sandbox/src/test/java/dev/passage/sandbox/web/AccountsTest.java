package dev.passage.sandbox.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A portal's accounts lock after three wrong passwords in a row, for a while, as real services do. */
class AccountsTest {
    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T06:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovingClock clock = new MovingClock();
    private final Accounts accounts = new Accounts(clock);

    @Test
    void the_third_wrong_password_in_a_row_locks_the_account_and_the_right_one_no_longer_opens_it() {
        assertThat(accounts.check("user_good", "x1")).isInstanceOf(SignIn.WrongPassword.class);
        assertThat(accounts.check("user_good", "x2")).isInstanceOf(SignIn.WrongPassword.class);
        assertThat(accounts.check("user_good", "x3")).isInstanceOf(SignIn.Locked.class);
        assertThat(accounts.check("user_good", "pass_good")).isInstanceOf(SignIn.Locked.class);
    }

    @Test
    void a_right_password_before_the_third_starts_the_count_again() {
        accounts.check("user_mfa", "x1");
        accounts.check("user_mfa", "x2");
        assertThat(accounts.check("user_mfa", "pass_good")).isInstanceOf(SignIn.CodeRequired.class);
        assertThat(accounts.check("user_mfa", "x3")).isInstanceOf(SignIn.WrongPassword.class);
        assertThat(accounts.check("user_mfa", "x4")).isInstanceOf(SignIn.WrongPassword.class);
    }

    @Test
    void a_lock_ends_after_fifteen_minutes_on_the_portals_clock() {
        for (int i = 0; i < Accounts.LOCK_AFTER; i++) {
            accounts.check("user_empty", "x" + i);
        }
        clock.advance(Duration.ofMinutes(14));
        assertThat(accounts.check("user_empty", "pass_good")).isInstanceOf(SignIn.Locked.class);
        clock.advance(Duration.ofMinutes(1));
        assertThat(accounts.check("user_empty", "pass_good")).isInstanceOf(SignIn.SignedIn.class);
    }

    @Test
    void names_without_an_account_never_lock_and_each_account_counts_on_its_own() {
        for (int i = 0; i < 10; i++) {
            assertThat(accounts.check("user_bad", "x" + i)).isInstanceOf(SignIn.WrongPassword.class);
            assertThat(accounts.check("nobody", "x" + i)).isInstanceOf(SignIn.WrongPassword.class);
        }
        accounts.check("user_good", "x1");
        accounts.check("user_good", "x2");
        assertThat(accounts.check("user_empty", "x1")).isInstanceOf(SignIn.WrongPassword.class);
        assertThat(accounts.check("user_good", "pass_good")).isInstanceOf(SignIn.SignedIn.class);
    }
}
