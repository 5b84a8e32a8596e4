package dev.passage.server.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passage.server.testing.Flows;
import dev.passage.server.testing.Flows.Both;
import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Telemetry is bounded and judged as it comes (docs/protocol.md): a session's budget of events and
 * bytes, a frame limit, and yields judged on each batch's own events, with what an ended yield judged
 * deleted. The limits here are small so a test reaches them in a few batches.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgresql"})
@PassageServer(settings = {"sessions.telemetry-max-events=100", "sessions.telemetry-max-kib=64"})
class TelemetryLimitsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    TestServer server;
    Flows flows;

    @Parameter
    String database;

    private static String batch(int events, int bodyBytes) {
        StringBuilder b = new StringBuilder("{\"type\":\"client.events\",\"events\":[");
        String body = "x".repeat(bodyBytes);
        for (int i = 0; i < events; i++) {
            b.append(i == 0 ? "" : ",").append("{\"type\":\"network\",\"url\":\"https://p.example/api/").append(i)
                    .append("\",\"method\":\"GET\",\"status\":200,\"body\":\"").append(body).append("\"}");
        }
        return b.append("]}").toString();
    }

    @Test
    void a_client_past_its_event_budget_is_closed_with_4008_and_its_link_fails_with_telemetry_limit() {
        try (Both s = flows.active()) {
            s.client().send(batch(60, 10));
            assertThat(s.client().until("server.ack").get("count").asInt()).isEqualTo(60);
            s.client().send(batch(60, 10));
            assertThat(s.client().closeCode()).isEqualTo(4008);

            String linkId = s.claimed().linkId();
            await().atMost(WAIT).until(() -> flows.link(linkId).get("status").asString().equals("failed"));
            JsonNode error = flows.link(linkId).get("error");
            assertThat(error.get("code").asString()).isEqualTo("CONNECTION_FAILED");
            assertThat(error.get("reason").asString()).isEqualTo("telemetry_limit");
            assertThat(error.get("message").asString()).contains("100 events");
            assertThat(count("SELECT COUNT(*) FROM session_telemetry WHERE session_id = :id", s.claimed().sessionId())).isZero();
        }
    }

    @Test
    void a_client_past_its_byte_budget_is_closed_with_4008() {
        try (Both s = flows.active()) {
            for (int i = 0; i < 2; i++) {
                s.client().send(batch(10, 3000)); // ~30 KiB each
                assertThat(s.client().until("server.ack").get("accepted").asBoolean()).isTrue();
            }
            s.client().send(batch(10, 3000));
            assertThat(s.client().closeCode()).isEqualTo(4008);
            await().atMost(WAIT).until(() -> flows.link(s.claimed().linkId()).at("/error/reason").asString("")
                    .equals("telemetry_limit"));
        }
    }

    @Test
    void a_frame_over_one_mebibyte_closes_the_socket_and_nothing_of_it_is_stored() {
        try (Both s = flows.active()) {
            s.client().trySend(batch(1, 1024 * 1024 + 1));
            assertThat(s.client().closeCode()).isEqualTo(1009);
            assertThat(count("SELECT COUNT(*) FROM session_telemetry WHERE session_id = :id", s.claimed().sessionId())).isZero();
        }
    }

    @Test
    void a_yield_is_judged_on_each_new_batch_and_what_an_ended_yield_judged_is_deleted() {
        try (Both s = flows.active()) {
            // Before the yield: the page is at /login, and a response came that a later yield may match.
            s.client().send("""
                    {"type":"client.events","events":[{"type":"navigation","url":"https://p.example/login"},
                     {"type":"network","url":"https://p.example/api/session","method":"POST","status":200}]}""");
            s.client().until("server.ack");
            s.worker().send("""
                    {"type":"worker.yield_to_user","id":"y1","conditions":[{"networkRequest":{"urlContains":"/api/session"}}]}""");
            JsonNode first = s.worker().until("server.command_result");
            assertThat(first.at("/result/condition").asString()).isEqualTo("networkRequest");
            assertThat(count("SELECT COUNT(*) FROM session_telemetry WHERE session_id = :id", s.claimed().sessionId())).isZero();

            s.worker().send("""
                    {"type":"worker.yield_to_user","id":"y2","conditions":[{"url":"/account$"},
                     {"networkRequest":{"urlContains":"/api/session"}}]}""");
            s.client().until("server.set_interactive");
            s.client().send("""
                    {"type":"client.events","events":[{"type":"console","level":"log","text":"hi"},
                     {"type":"network","url":"https://p.example/api/other","method":"GET","status":200}]}""");
            s.client().until("server.ack");
            assertThat(s.worker().poll(Duration.ofMillis(200))).isNull();
            s.client().send("""
                    {"type":"client.events","events":[{"type":"navigation","url":"https://p.example/account"}]}""");
            JsonNode second = s.worker().until("server.command_result");
            assertThat(second.get("id").asString()).isEqualTo("y2");
            assertThat(second.at("/result/url").asString()).isEqualTo("https://p.example/account");

            // The URL is current from before a yield starts: a yield on it holds at once.
            s.worker().send("""
                    {"type":"worker.yield_to_user","id":"y3","conditions":[{"url":"/account"}]}""");
            assertThat(s.worker().until("server.command_result").at("/result/url").asString())
                    .isEqualTo("https://p.example/account");
            assertThat(row(s.claimed().sessionId())).isEqualTo("5 0");
        }
    }

    /** The session's telemetry counters: events received and stored network events. */
    private String row(String sessionId) {
        return server.passage.database().read(h -> h.createQuery(
                        "SELECT telemetry_events, (SELECT COUNT(*) FROM session_telemetry WHERE session_id = :id) FROM sessions WHERE id = :id")
                .bind("id", sessionId).map((rs, ctx) -> rs.getLong(1) + " " + rs.getLong(2)).one());
    }

    private long count(String sql, String sessionId) {
        return server.passage.database().read(h -> h.createQuery(sql).bind("id", sessionId).mapTo(Long.class).one());
    }
}
