package dev.passage.server.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passage.server.json.Json;
import dev.passage.server.testing.Flows;
import dev.passage.server.testing.Flows.Claimed;
import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import dev.passage.server.testing.WsClient;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Link status follows the session only as docs/api.md §3 allows, under concurrency and across a crash, on both databases. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgresql"})
@PassageServer
class SessionOutcomesTest {
    TestServer server;

    @Parameter
    String database;

    Flows flows;

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void of_a_complete_and_a_fail_racing_from_two_worker_sockets_exactly_one_ends_the_session_and_the_link() throws Exception {
        for (int round = 0; round < 5; round++) {
            // A webhook URL nobody listens on: each end of the link makes one delivery, whatever becomes of it.
            Claimed c = flows.claimOk(flows.createLink("""
                    {"integrationId":"tmobile","resource":"paymentMethod","action":"read",
                     "webhookUrl":"http://127.0.0.1:9/hook"}""").claimCode());
            WsClient first = flows.worker(c);
            WsClient second = flows.worker(c);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<?> a = pool.submit(() -> {
                    go.await(5, TimeUnit.SECONDS);
                    // The other message may end the session first, and the server then closes this socket.
                    return first.trySend("{\"type\":\"worker.complete\",\"result\":{\"paymentMethods\":[]}}");
                });
                Future<?> b = pool.submit(() -> {
                    go.await(5, TimeUnit.SECONDS);
                    return second.trySend("{\"type\":\"worker.fail\",\"error\":{\"message\":\"raced\"}}");
                });
                go.countDown();
                a.get(10, TimeUnit.SECONDS);
                b.get(10, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            await().atMost(WAIT).until(() -> !flows.link(c.linkId()).get("status").asString().equals("active"));
            String session = flows.sessionState(c.sessionId());
            String link = flows.link(c.linkId()).get("status").asString();
            assertThat(session).isIn("complete", "failed");
            assertThat(link).isEqualTo(session);
            long ends = server.passage.database().read(h -> h.createQuery(
                    "SELECT COUNT(*) FROM webhook_deliveries WHERE link_id = :id").bind("id", c.linkId()).mapTo(Long.class).one());
            assertThat(ends).isEqualTo(1);
            first.close();
            second.close();
        }
    }

    @Test
    void a_stale_session_cannot_move_a_link_that_was_claimed_again() {
        Flows.LinkRef link = flows.createLink();
        Claimed first = flows.claimOk(link.claimCode());
        try (WsClient worker = flows.worker(first)) {
            worker.send("{\"type\":\"worker.fail\",\"error\":{\"message\":\"first try\"}}");
            await().atMost(WAIT).until(() -> flows.link(link.linkId()).get("status").asString().equals("failed"));
        }
        Claimed second = flows.claimOk(link.claimCode());
        SessionOutcomes outcomes = server.passage.links().sessionOutcomes();

        outcomes.completed(link.linkId(), first.sessionId(), Json.mapper().readTree("{\"paymentMethods\":[]}"));
        outcomes.failed(link.linkId(), first.sessionId(), new dev.passage.protocol.ErrorBody("AUTOMATION_ERROR", "late", "automation_failed"));

        JsonNode read = flows.link(link.linkId());
        assertThat(read.get("status").asString()).isEqualTo("active");
        assertThat(read.get("currentSessionId").asString()).isEqualTo(second.sessionId());
        assertThat(read.get("result").isNull()).isTrue();
    }

    @Test
    void a_sessions_end_its_links_status_and_its_webhook_commit_together_or_not_at_all() {
        Flows.LinkRef ref = flows.createLink("""
                {"integrationId":"tmobile","resource":"paymentMethod","action":"read","webhookUrl":"http://127.0.0.1:9/hook"}""");
        Claimed c = flows.claimOk(ref.claimCode());
        String complete = "{\"type\":\"worker.complete\",\"result\":{\"paymentMethods\":[]}}";
        // The outbox cannot be written: the whole end must roll back, the session's and the link's too.
        server.passage.database().write(h -> h.execute("ALTER TABLE webhook_deliveries RENAME TO webhook_deliveries_away"));
        try (WsClient worker = flows.worker(c)) {
            worker.send(complete);
            await().atMost(WAIT).until(worker::isClosed);
            assertThat(worker.closeCode()).isEqualTo(1011);
        } finally {
            server.passage.database().write(h -> h.execute("ALTER TABLE webhook_deliveries_away RENAME TO webhook_deliveries"));
        }
        assertThat(flows.sessionState(c.sessionId())).isIn("created", "pending", "active");
        assertThat(flows.link(c.linkId()).get("status").asString()).isEqualTo("active");
        assertThat(server.passage.webhooks().deliveries(orgOf(c), c.linkId()))
                .isEmpty();

        // The worker resumes (its message was not taken) and the three commit together.
        try (WsClient worker = flows.worker(c)) {
            worker.send(complete);
            await().atMost(WAIT).until(() -> flows.link(c.linkId()).get("status").asString().equals("complete"));
        }
        assertThat(flows.sessionState(c.sessionId())).isEqualTo("complete");
        assertThat(server.passage.webhooks().deliveries(orgOf(c), c.linkId())).hasSize(1);
    }

    private String orgOf(Claimed c) {
        return server.passage.database().read(h -> h.createQuery("SELECT org_id FROM links WHERE id = :id")
                .bind("id", c.linkId()).mapTo(String.class).one());
    }
}
