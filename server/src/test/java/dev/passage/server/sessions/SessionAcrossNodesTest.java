package dev.passage.server.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passage.server.testing.Flows;
import dev.passage.server.testing.Flows.Claimed;
import dev.passage.server.testing.TestServer;
import dev.passage.server.testing.WsClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The database is truth: a session outlives the node that served it, its roles resume on another one,
 * and the node that took the claim need not be the one that serves the sockets.
 */
class SessionAcrossNodesTest {

    @Test
    void a_session_resumes_on_a_new_node_after_the_first_one_stopped() {
        TestServer first = TestServer.start("sqlite");
        String databaseUrl = first.passage.config().database().url();
        Flows flows = new Flows(first);
        Flows.LinkRef link = flows.createLink();
        Claimed c = flows.claimOk(link.claimCode());
        long clientSeen;
        try (Flows.Both s = flows.active(c)) {
            s.worker().send("{\"type\":\"worker.command\",\"id\":\"c1\",\"command\":\"title\"}");
            clientSeen = s.client().next("server.command").get("seq").asLong();
            first.close();
        }

        try (TestServer second = TestServer.start("sqlite", Map.of("database.url", databaseUrl))) {
            WsClient worker = open(second, c.sessionId(), "worker", c.ticket().workerToken());
            worker.send("{\"type\":\"worker.hello\",\"lastSeq\":1}");
            assertThat(worker.next("server.hello").get("state").asString()).isEqualTo("active");
            worker.next("server.replay");
            WsClient client = open(second, c.sessionId(), "client", c.clientToken());
            client.send("{\"type\":\"client.hello\",\"lastSeq\":" + clientSeen + "}");
            assertThat(client.next("server.hello").get("state").asString()).isEqualTo("active");
            assertThat(client.next("server.replay").get("messages").isEmpty()).isTrue();

            // The command outstanding before the restart is still the one the session waits for.
            client.send("{\"type\":\"client.command_response\",\"id\":\"c1\",\"ok\":true,\"result\":\"Portal\"}");
            JsonNode result = worker.until("server.command_result");
            assertThat(result.get("id").asString()).isEqualTo("c1");
            worker.send("{\"type\":\"worker.complete\",\"result\":{\"paymentMethods\":[]}}");
            assertThat(client.until("server.session_end").get("state").asString()).isEqualTo("complete");
            await().atMost(Duration.ofSeconds(10)).until(() -> second.passage.database().read(h -> h.createQuery(
                    "SELECT status FROM links WHERE id = :id").bind("id", c.linkId()).mapTo(String.class).one())
                    .equals("complete"));
        }
    }

    @Test
    void a_link_claimed_on_one_node_runs_its_session_on_another_over_the_same_postgresql() {
        try (TestServer claims = TestServer.start("postgresql");
             TestServer sockets = TestServer.start("postgresql",
                     Map.of("database.url", claims.passage.config().database().url()))) {
            Flows flows = new Flows(claims);
            Flows.LinkRef link = flows.createLink();
            Claimed c = flows.claimOk(link.claimCode());

            WsClient worker = open(sockets, c.sessionId(), "worker", c.ticket().workerToken());
            worker.send("{\"type\":\"worker.hello\"}");
            assertThat(worker.next("server.hello").get("state").asString()).isEqualTo("pending");
            worker.next("server.replay");
            WsClient client = open(sockets, c.sessionId(), "client", c.clientToken());
            client.send("{\"type\":\"client.hello\"}");
            assertThat(client.next("server.hello").get("state").asString()).isEqualTo("active");
            worker.next("server.client_ready");
            worker.send("{\"type\":\"worker.complete\",\"result\":{\"paymentMethods\":[]}}");
            client.until("server.session_end");

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> flows.link(link.linkId()).get("status").asString().equals("complete"));
            worker.close();
            client.close();
        }
    }

    private static WsClient open(TestServer server, String sessionId, String role, String token) {
        return WsClient.connect(server.wsUri("/sessions/" + sessionId + "/ws?role=" + role + "&token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8)));
    }
}
