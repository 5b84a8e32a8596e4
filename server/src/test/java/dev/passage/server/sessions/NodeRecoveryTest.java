package dev.passage.server.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passage.server.testing.Flows;
import dev.passage.server.testing.Flows.Both;
import dev.passage.server.testing.Flows.Claimed;
import dev.passage.server.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * No link stays active forever (docs/security.md): a node restarted after a crash fails at once the
 * sessions its worker ran, the sockets of a node that stopped beating count as gone, and an active
 * link with no live session behind it fails. A crash is played by opening a node with the dead one's
 * id on its database while the first still runs without closing anything.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgresql"})
class NodeRecoveryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Parameter
    String database;

    @Test
    void a_node_restarted_after_a_crash_fails_the_sessions_its_worker_ran_at_once_with_server_restarted() {
        try (TestServer crashed = TestServer.start(database, Map.of("node.id", "node_crashed"))) {
            crashed.launcher.inProcess(true); // as the hosted worker: its steps die with the node
            Flows flows = new Flows(crashed);
            Flows.LinkRef link = flows.createLink("""
                    {"integrationId":"tmobile","resource":"paymentMethod","action":"read","webhookUrl":"http://127.0.0.1:9/hook"}""");
            Claimed c = flows.claimOk(link.claimCode());
            try (Both s = flows.active(c)) {
                try (TestServer restarted = TestServer.start(database, Map.of("node.id", "node_crashed",
                        "database.url", crashed.passage.config().database().url()))) {
                    // At start, before any socket: no waiting for a timeout.
                    JsonNode failed = flows.link(link.linkId());
                    assertThat(failed.get("status").asString()).isEqualTo("failed");
                    assertThat(failed.at("/error/code").asString()).isEqualTo("CONNECTION_FAILED");
                    assertThat(failed.at("/error/reason").asString()).isEqualTo("server_restarted");
                    assertThat(flows.sessionState(c.sessionId())).isEqualTo("failed");
                    long deliveries = restarted.passage.database().read(h -> h.createQuery(
                                    "SELECT COUNT(*) FROM webhook_deliveries WHERE link_id = :id")
                            .bind("id", link.linkId()).mapTo(Long.class).one());
                    assertThat(deliveries).isEqualTo(1);
                    // The link can be opened again.
                    assertThat(flows.claim(link.claimCode()).status()).isEqualTo(200);
                }
            }
        }
    }

    @Test
    void the_sockets_of_a_node_that_stopped_beating_count_as_gone_and_its_sessions_fail() {
        try (TestServer node = TestServer.start(database, Map.of("cluster.node-timeout-seconds", "3"))) {
            Flows flows = new Flows(node);
            Claimed held = flows.newSession();
            Claimed ran = flows.newSession();
            try (Both a = flows.active(held); Both b = flows.active(ran)) {
                // Another node held the first session's client socket and ran the second's worker, then died.
                node.passage.database().write(h -> {
                    h.createUpdate("INSERT INTO nodes (id, started_at, seen_at) VALUES ('node_dead', 0, 0)").execute();
                    h.createUpdate("UPDATE session_presence SET node_id = 'node_dead' WHERE session_id = :id AND role = 'client'")
                            .bind("id", held.sessionId()).execute();
                    return h.createUpdate("UPDATE sessions SET worker_node = 'node_dead' WHERE id = :id")
                            .bind("id", ran.sessionId()).execute();
                });
                node.passage.sessions().reapDeadNodes();

                assertThat(a.worker().until("server.client_disconnected").get("type").asString())
                        .isEqualTo("server.client_disconnected");
                String clients = node.passage.database().read(h -> h.createQuery(
                        "SELECT client_connections || ' ' || (client_deadline IS NOT NULL) FROM sessions WHERE id = :id")
                        .bind("id", held.sessionId()).mapTo(String.class).one());
                assertThat(clients).isIn("0 1", "0 true");
                node.clock.advance(Duration.ofSeconds(31)); // the reconnect grace
                await().atMost(WAIT).until(() -> flows.sessionState(held.sessionId()).equals("failed"));
                assertThat(flows.link(held.linkId()).at("/error/reason").asString()).isEqualTo("connection_lost");

                assertThat(flows.sessionState(ran.sessionId())).isEqualTo("failed");
                assertThat(flows.link(ran.linkId()).at("/error/reason").asString()).isEqualTo("server_restarted");
                long dead = node.passage.database().read(h -> h.createQuery("SELECT COUNT(*) FROM nodes WHERE id = 'node_dead'")
                        .mapTo(Long.class).one());
                assertThat(dead).isZero();
            }
        }
    }

    @Test
    void an_active_link_without_a_live_session_fails_after_a_minute_and_can_be_claimed_again() {
        try (TestServer node = TestServer.start(database)) {
            Flows flows = new Flows(node);
            Flows.LinkRef link = flows.createLink();
            Claimed c = flows.claimOk(link.claimCode());
            // A crash between two steps that are not one transaction: the session is gone, the link still active.
            node.passage.database().write(h -> h.createUpdate("UPDATE sessions SET state = 'failed' WHERE id = :id")
                    .bind("id", c.sessionId()).execute());
            assertThat(node.passage.links().reapOrphans()).isZero(); // not yet: a claim may be in flight

            node.clock.advance(Duration.ofSeconds(61));
            assertThat(node.passage.links().reapOrphans()).isEqualTo(1);
            JsonNode failed = flows.link(link.linkId());
            assertThat(failed.get("status").asString()).isEqualTo("failed");
            assertThat(failed.at("/error/reason").asString()).isEqualTo("server_restarted");
            assertThat(flows.claim(link.claimCode()).status()).isEqualTo(200);
        }
    }
}
