package dev.passage.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import org.junit.jupiter.api.Test;

/** Sign-in attempts are rate-limited per client address, whichever account they try. */
@PassageServer(settings = "dashboard.sign-in-rate-limit-per-minute=3")
class SignInRateLimitTest {
    TestServer server;

    @Test
    void a_fourth_attempt_within_the_minute_gets_429_with_a_page_saying_to_wait() {
        Visitor v = new Visitor(server);
        for (int i = 0; i < 3; i++) {
            assertThat(v.signIn("someone" + i + "@example.com", "a wrong password").status()).isEqualTo(401);
        }
        Visitor.Page limited = v.signIn("someone@example.com", "a wrong password");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.raw().headers().firstValue("Retry-After")).contains("60");
        assertThat(limited.body()).contains("wait a minute");
    }
}
