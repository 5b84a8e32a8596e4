package dev.passage.server.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passage.server.testing.Flows;
import dev.passage.server.testing.Flows.Both;
import dev.passage.server.testing.Flows.Claimed;
import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import dev.passage.server.testing.WsClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Session deadlines with short configured limits and a clock the test moves: a client that never
 * connects, one that leaves and does not come back, one that comes back in time, and a session that
 * outlives its maximum duration. Deadlines are plain comparisons of stored times with the clock, the
 * same on both databases, so SQLite is enough here.
 */
@PassageServer(settings = {"sessions.client-connect-timeout-seconds=10", "sessions.reconnect-grace-seconds=5", "sessions.max-duration-seconds=600"})
class SessionTimeoutsTest {
    TestServer server;
    Flows flows;

    private static final Duration WAIT = Duration.ofSeconds(10);

    private String linkStatus(String linkId) {
        return flows.link(linkId).get("status").asString();
    }

    @Test
    void a_client_that_never_connects_fails_the_session_and_the_link_with_client_timeout() {
        Claimed c = flows.newSession();
        try (WsClient worker = flows.worker(c)) {
            server.clock.advance(Duration.ofSeconds(9));
            assertThat(worker.poll(Duration.ofMillis(200))).isNull();
            assertThat(flows.sessionState(c.sessionId())).isEqualTo("pending");

            server.clock.advance(Duration.ofSeconds(2));

            await().atMost(WAIT).until(() -> linkStatus(c.linkId()).equals("failed"));
            assertThat(flows.link(c.linkId()).get("error").get("code").asString()).isEqualTo("CLIENT_TIMEOUT");
            assertThat(flows.sessionState(c.sessionId())).isEqualTo("failed");
            assertThat(worker.closeCode()).isEqualTo(1000);
        }
    }

    @Test
    void a_client_that_leaves_and_does_not_return_within_the_grace_fails_with_connection_failed() {
        Claimed c = flows.newSession();
        try (Both s = flows.active(c)) {
            s.client().abort();
            s.worker().next("server.client_disconnected");

            server.clock.advance(Duration.ofSeconds(6));

            await().atMost(WAIT).until(() -> linkStatus(c.linkId()).equals("failed"));
            JsonNode error = flows.link(c.linkId()).get("error");
            assertThat(error.get("code").asString()).isEqualTo("CONNECTION_FAILED");
            assertThat(s.worker().closeCode()).isEqualTo(1000);
        }
    }

    @Test
    void a_client_that_returns_within_the_grace_keeps_the_session_alive() {
        Claimed c = flows.newSession();
        try (Both s = flows.active(c)) {
            s.client().abort();
            s.worker().next("server.client_disconnected");
            server.clock.advance(Duration.ofSeconds(4));
            try (WsClient back = flows.client(c)) {
                s.worker().next("server.client_ready");

                server.clock.advance(Duration.ofSeconds(30));

                assertThat(s.worker().poll(Duration.ofMillis(300))).isNull();
                assertThat(flows.sessionState(c.sessionId())).isEqualTo("active");
                assertThat(linkStatus(c.linkId())).isEqualTo("active");
            }
        }
    }

    @Test
    void a_session_past_its_maximum_duration_expires_and_fails_its_link() {
        Claimed c = flows.newSession();
        try (Both s = flows.active(c)) {
            server.clock.advance(Duration.ofSeconds(601));

            JsonNode end = s.client().next("server.session_end");
            assertThat(end.get("state").asString()).isEqualTo("expired");
            await().atMost(WAIT).until(() -> linkStatus(c.linkId()).equals("failed"));
            assertThat(flows.sessionState(c.sessionId())).isEqualTo("expired");
            assertThat(flows.link(c.linkId()).get("error").get("code").asString()).isEqualTo("CLIENT_TIMEOUT");
        }
    }
}
