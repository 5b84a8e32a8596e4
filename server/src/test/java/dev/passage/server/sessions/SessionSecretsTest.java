package dev.passage.server.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.passage.server.secrets.MasterKey;
import dev.passage.server.secrets.SecretBox;
import dev.passage.server.testing.Flows;
import dev.passage.server.testing.Flows.Both;
import dev.passage.server.testing.Flows.Claimed;
import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import dev.passage.server.testing.WsClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * What a session keeps of a card number it carries (SPEC §7, docs/security.md): a secret fill is
 * relayed live but stored redacted, an ended session keeps nothing of what was said in it and opens no
 * socket, every session seals under a key of its own, and the debug viewer's token is its own.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgresql"})
@PassageServer
class SessionSecretsTest {
    private static final String CARD = "4111111111111111";
    private static final String SECRET_FILL = """
            {"type":"worker.command","id":"c1","command":"fill","secret":true,"args":{"selector":"#cardNumber","value":"%s"}}"""
            .formatted(CARD);
    private static final Duration WAIT = Duration.ofSeconds(10);

    TestServer server;
    Flows flows;

    @Parameter
    String database;

    @Test
    void a_secret_fill_reaches_the_client_live_but_is_stored_redacted_and_the_worker_reissues_it_after_a_reconnect() {
        Claimed c = flows.newSession();
        try (Both s = flows.active(c)) {
            s.worker().send(SECRET_FILL);
            JsonNode live = s.client().next("server.command");
            assertThat(live.at("/args/value").asString()).isEqualTo(CARD);
            assertThat(live.has("redacted")).isFalse();
            assertThat(server.passage.sessions().storedMessages(c.sessionId()).toString())
                    .doesNotContain(CARD).contains("[redacted]");

            s.client().abort(); // gone before it answered
            try (WsClient back = flows.open(c.sessionId(), "client", c.clientToken())) {
                back.send("{\"type\":\"client.hello\",\"lastSeq\":0}");
                back.next("server.hello");
                JsonNode replay = back.next("server.replay");
                assertThat(replay.toString()).doesNotContain(CARD).contains("\"redacted\":true");

                JsonNode reissue = s.worker().until("server.command_result");
                assertThat(reissue.get("id").asString()).isEqualTo("c1");
                assertThat(reissue.get("ok").asBoolean()).isFalse();
                assertThat(reissue.at("/error/code").asString()).isEqualTo("REISSUE");

                s.worker().send(SECRET_FILL);
                assertThat(back.until("server.command").at("/args/value").asString()).isEqualTo(CARD);
                back.send("{\"type\":\"client.command_response\",\"id\":\"c1\",\"ok\":true}");
                assertThat(s.worker().until("server.command_result").get("ok").asBoolean()).isTrue();
            }
        }
    }

    @Test
    void once_a_session_ends_its_messages_telemetry_and_key_are_deleted_and_its_tokens_open_nothing() {
        Claimed c = flows.newSession();
        try (Both s = flows.active(c)) {
            s.worker().send(SECRET_FILL);
            s.client().next("server.command");
            s.client().send("{\"type\":\"client.command_response\",\"id\":\"c1\",\"ok\":true}");
            s.worker().until("server.command_result");
            assertThat(s.client().until("server.ack").get("of").asString()).isEqualTo("client.command_response");
            s.client().send("""
                    {"type":"client.events","events":[{"type":"navigation","url":"https://p.example/account?token=abc"},
                     {"type":"network","url":"https://p.example/api/card","method":"GET","status":200,"body":"{\\"last4\\":\\"1111\\"}"}]}""");
            assertThat(s.client().until("server.ack").get("of").asString()).isEqualTo("client.events");
            assertThat(count("SELECT COUNT(*) FROM session_messages WHERE session_id = :id", c.sessionId())).isPositive();
            assertThat(count("SELECT COUNT(*) FROM session_telemetry WHERE session_id = :id", c.sessionId())).isPositive();

            s.worker().send("{\"type\":\"worker.fail\",\"error\":{\"message\":\"card refused\"}}");
            s.client().until("server.session_end");
        }
        assertThat(count("SELECT COUNT(*) FROM session_messages WHERE session_id = :id", c.sessionId())).isZero();
        assertThat(count("SELECT COUNT(*) FROM session_telemetry WHERE session_id = :id", c.sessionId())).isZero();
        assertThat(count("SELECT COUNT(*) FROM sessions WHERE id = :id AND data_key IS NULL AND current_url IS NULL "
                + "AND pending_command IS NULL", c.sessionId())).isEqualTo(1);

        String query = "/sessions/" + c.sessionId() + "/ws?role=";
        assertThat(WsClient.refusal(server.wsUri(query + "client&token=" + c.clientToken() + "&lastSeq=0"))).isEqualTo(401);
        assertThat(WsClient.refusal(server.wsUri(query + "worker&token=" + c.ticket().workerToken()))).isEqualTo(401);
    }

    @Test
    void each_session_seals_its_data_under_a_key_of_its_own() {
        try (Both a = flows.active(); Both b = flows.active()) {
            for (Both s : List.of(a, b)) {
                s.worker().send("{\"type\":\"worker.command\",\"id\":\"c1\",\"command\":\"click\",\"args\":{\"selector\":\"#go\"}}");
                s.client().next("server.command");
            }
            List<String> keys = server.passage.database().read(h -> h.createQuery(
                            "SELECT data_key FROM sessions WHERE id IN (:a, :b)")
                    .bind("a", a.claimed().sessionId()).bind("b", b.claimed().sessionId()).mapTo(String.class).list());
            assertThat(keys).hasSize(2).doesNotContainNull().doesNotHaveDuplicates()
                    .allSatisfy(k -> assertThat(k).startsWith("v1."));

            String sessionId = a.claimed().sessionId();
            String body = server.passage.database().read(h -> h.createQuery(
                    "SELECT body FROM session_messages WHERE session_id = :id ORDER BY seq DESC LIMIT 1")
                    .bind("id", sessionId).mapTo(String.class).one());
            SecretBox everySession = SecretBox.forPurpose(MasterKey.resolve(server.passage.config()), "session-data");
            assertThatThrownBy(() -> everySession.open(sessionId, body)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void the_debug_viewer_has_a_read_only_token_of_its_own_that_never_sees_a_secret_value() {
        Flows.LinkRef link = flows.createLink("{\"integrationId\":\"tmobile\",\"resource\":\"paymentMethod\","
                + "\"action\":\"read\",\"debug\":true}");
        Claimed c = flows.claimOk(link.claimCode());
        try (Both s = flows.active(c)) {
            TestServer.Response viewer = server.postJson("/v1/links/" + link.linkId() + "/debug-viewer", flows.key(), "");
            assertThat(viewer.status()).isEqualTo(201);
            String token = viewer.json().get("token").asString();
            assertThat(token).startsWith("dt_");
            assertThat(viewer.json().get("websocketUrl").asString()).endsWith("/sessions/" + c.sessionId() + "/ws");

            String query = "/sessions/" + c.sessionId() + "/ws?role=";
            assertThat(WsClient.refusal(server.wsUri(query + "debug&token=" + c.ticket().workerToken()))).isEqualTo(401);
            assertThat(WsClient.refusal(server.wsUri(query + "client&token=" + token))).isEqualTo(401);
            assertThat(WsClient.refusal(server.wsUri(query + "worker&token=" + token))).isEqualTo(401);

            try (WsClient debug = flows.open(c.sessionId(), "debug", token)) {
                debug.send("{\"type\":\"debug.hello\"}");
                assertThat(debug.next("server.hello").get("role").asString()).isEqualTo("debug");
                s.worker().send(SECRET_FILL);
                s.client().next("server.command");
                StringBuilder seen = new StringBuilder();
                for (JsonNode e = debug.poll(WAIT); e != null; e = debug.poll(Duration.ofMillis(300))) {
                    seen.append(e.get("direction").asString()).append(' ').append(e.get("message")).append('\n');
                }
                assertThat(seen.toString()).contains("worker_to_server {\"type\":\"worker.command\"")
                        .contains("server_to_client {\"type\":\"server.command\"")
                        .doesNotContain(CARD).contains("[redacted]");

                debug.send("{\"type\":\"worker.complete\",\"result\":{\"paymentMethods\":[]}}");
                assertThat(debug.poll(Duration.ofMillis(300))).isNull();
                assertThat(flows.sessionState(c.sessionId())).isEqualTo("active");
            }
        }
        TestServer.Response notDebug = server.postJson("/v1/links/" + flows.createLink().linkId() + "/debug-viewer",
                flows.key(), "");
        assertThat(notDebug.status()).isEqualTo(409);
    }

    private long count(String sql, String sessionId) {
        return server.passage.database().read(h -> h.createQuery(sql).bind("id", sessionId).mapTo(Long.class).one());
    }
}
