package dev.passage.server.webhooks;

import static dev.passage.server.webhooks.WebhookFixtures.delivery;
import static dev.passage.server.webhooks.WebhookFixtures.newLink;
import static dev.passage.server.webhooks.WebhookFixtures.newOrg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passage.server.Passage;
import dev.passage.server.config.ConfigLoader;
import dev.passage.server.config.PassageConfig;
import dev.passage.server.testing.MutableClock;
import dev.passage.server.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Delivery across node lifetimes: a restart mid-schedule, and two nodes sharing one PostgreSQL database. */
class WebhookNodesTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));

    private static PassageConfig config(String kind, Map<String, String> extra) {
        Path dir = TestDatabases.tempDir();
        Map<String, String> settings = new HashMap<>();
        settings.put("port", "0");
        settings.put("host", "127.0.0.1");
        settings.put("database.url", TestDatabases.fresh(kind, dir));
        settings.put("data.dir", dir.resolve("data").toString());
        settings.put("webhooks.poll-interval-millis", "20");
        settings.put("webhooks.retry-jitter-percent", "0");
        settings.putAll(extra);
        return ConfigLoader.load(Map.of(), Optional.empty(), settings);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void a_restart_mid_schedule_sends_the_attempts_due_while_down_on_start_and_the_rest_once(String kind) throws Exception {
        PassageConfig config = config(kind, Map.of());
        try (Receiver receiver = Receiver.answering(500)) {
            String url = receiver.url("/hook");
            String orgId;
            String linkId;
            String id;
            try (Passage first = Passage.open(config, clock).start()) {
                orgId = newOrg(first);
                linkId = newLink(first, orgId, url);
                id = WebhookFixtures.complete(first, clock, orgId, linkId, url).orElseThrow();
                await().atMost(Duration.ofSeconds(10)).until(() -> delivery(first, orgId, linkId, id).attempts().size() == 1);
            }
            clock.advance(Duration.ofSeconds(2)); // Attempt 2 fell due at +1 s, while no node ran.

            try (Passage second = Passage.open(config, clock).start()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> delivery(second, orgId, linkId, id).attempts().size() == 2);
                Delivery afterStart = delivery(second, orgId, linkId, id);
                // The late attempt keeps the scheduled 4 s gap before the last one.
                assertThat(afterStart.nextAttemptAt()).isEqualTo(clock.millis() + 4_000);
                clock.advance(Duration.ofSeconds(4));
                await().atMost(Duration.ofSeconds(10)).until(() -> delivery(second, orgId, linkId, id).attempts().size() == 3);
                clock.advance(Duration.ofHours(1));
                Thread.sleep(150);

                Delivery d = delivery(second, orgId, linkId, id);
                assertThat(d.status()).isEqualTo("failed");
                assertThat(d.attempts()).extracting(Delivery.Attempt::number).containsExactly(1, 2, 3);
                assertThat(receiver.received()).hasSize(3).allSatisfy(r -> assertThat(r.deliveryId()).isEqualTo(id));
            }
        }
    }

    @Test
    void two_dispatchers_on_one_postgresql_database_send_each_attempt_exactly_once() throws Exception {
        // Few sends in flight per node and a receiver that takes a moment: both nodes must take part.
        PassageConfig config = config("postgresql", Map.of("webhooks.max-concurrent-sends", "3"));
        int deliveries = 24;
        try (Receiver receiver = Receiver.start((r, nth) -> {
                    Thread.sleep(30);
                    return Receiver.Reply.of(nth == 1 ? 503 : 200);
                });
             Passage a = Passage.open(config.withNodeId("node_a"), clock).start();
             Passage b = Passage.open(config.withNodeId("node_b"), clock).start()) {
            String url = receiver.url("/hook");
            String orgId = newOrg(a);
            List<String> links = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                links.add(newLink(a, orgId, url));
            }
            List<String> ids = a.database().write(h -> links.stream().map(linkId -> a.webhooks().enqueue(
                    WebhookFixtures.completed(linkId, orgId, url, clock.millis())).orElseThrow()).toList());

            await().atMost(Duration.ofSeconds(20)).until(() -> attemptCount(a) == deliveries);
            clock.advance(Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(20)).until(() -> attemptCount(a) == 2 * deliveries);
            clock.advance(Duration.ofHours(1));
            Thread.sleep(200);

            Map<String, Long> perDelivery = receiver.received().stream()
                    .collect(Collectors.groupingBy(Receiver.Received::deliveryId, Collectors.counting()));
            assertThat(perDelivery).hasSize(deliveries).containsOnlyKeys(ids).allSatisfy((id, n) -> assertThat(n).isEqualTo(2L));
            for (int i = 0; i < deliveries; i++) {
                Delivery d = delivery(b, orgId, links.get(i), ids.get(i));
                assertThat(d.status()).isEqualTo("delivered");
                assertThat(WebhookFixtures.statusCodes(d)).containsExactly(503, 200);
            }
            List<String> nodes = a.database().read(h -> h.createQuery("SELECT DISTINCT node_id FROM webhook_attempts")
                    .mapTo(String.class).list());
            assertThat(nodes).as("both dispatchers sent some attempts").hasSize(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void a_node_restarted_after_a_crash_takes_back_the_deliveries_it_was_sending_at_once(String kind) throws Exception {
        PassageConfig config = config(kind, Map.of("webhooks.lease-seconds", "3600"));
        try (Receiver receiver = Receiver.answering(200)) {
            String url = receiver.url("/hook");
            String orgId;
            String linkId;
            String id;
            try (Passage opened = Passage.open(config, clock)) { // no dispatcher: nothing is sent yet
                orgId = newOrg(opened);
                linkId = newLink(opened, orgId, url);
                id = opened.database().write(h -> opened.webhooks().enqueue(
                        WebhookFixtures.completed(linkId, orgId, url, clock.millis())).orElseThrow());
                // Killed mid-send: the delivery is leased to the node for an hour.
                opened.database().write(h -> h.createUpdate("UPDATE webhook_deliveries SET lease_owner = 'node_killed', "
                        + "lease_expires_at = :until WHERE id = :id").bind("until", clock.millis() + 3_600_000)
                        .bind("id", id).execute());
            }
            try (Passage other = Passage.open(config.withNodeId("node_other"), clock).start()) {
                Thread.sleep(300);
                assertThat(receiver.received()).as("another node waits for the lease").isEmpty();
            }
            try (Passage restarted = Passage.open(config.withNodeId("node_killed"), clock).start()) {
                await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);
                assertThat(receiver.received().getFirst().deliveryId()).isEqualTo(id);
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> delivery(restarted, orgId, linkId, id).status().equals("delivered"));
            }
        }
    }

    @Test
    void an_enqueue_wakes_the_dispatcher_at_commit_without_waiting_for_its_next_poll() throws Exception {
        PassageConfig config = config("sqlite", Map.of("webhooks.poll-interval-millis", "60000"));
        try (Receiver receiver = Receiver.answering(200); Passage node = Passage.open(config, clock).start()) {
            String url = receiver.url("/hook");
            String orgId = newOrg(node);
            String linkId = newLink(node, orgId, url);
            Thread.sleep(100); // Let the dispatcher's first look pass, so only a wake-up can find the delivery.

            long start = System.nanoTime();
            WebhookFixtures.complete(node, clock, orgId, linkId, url).orElseThrow();
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void a_receiver_with_many_slow_deliveries_takes_only_its_share_of_sends_and_others_still_go_at_once() throws Exception {
        PassageConfig config = config("sqlite", Map.of("webhooks.timeout-seconds", "1", "webhooks.lease-seconds", "10",
                "webhooks.max-concurrent-sends", "4", "webhooks.max-concurrent-sends-per-host", "2"));
        try (Receiver slow = Receiver.start((r, nth) -> {
                    Thread.sleep(3_000);
                    return Receiver.Reply.of(200);
                });
             Receiver fast = Receiver.answering(200);
             Passage node = Passage.open(config, clock).start()) {
            String orgId = newOrg(node);
            String slowUrl = slow.url("/hook");
            for (int i = 0; i < 6; i++) {
                WebhookFixtures.complete(node, clock, orgId, newLink(node, orgId, slowUrl), slowUrl).orElseThrow();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> slow.received().size() == 2);

            String fastUrl = fast.url("/hook");
            long start = System.nanoTime();
            WebhookFixtures.complete(node, clock, orgId, newLink(node, orgId, fastUrl), fastUrl).orElseThrow();
            await().atMost(Duration.ofSeconds(5)).until(() -> fast.received().size() == 1);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(800));
            assertThat(slow.received()).as("the slow receiver never had more than its 2 sends at once").hasSize(2);
        }
    }

    @Test
    void a_node_started_with_another_master_key_than_the_signing_key_was_sealed_under_fails_with_one_sentence() {
        PassageConfig config = config("sqlite", Map.of("secrets.master-key", java.util.Base64.getEncoder().encodeToString(new byte[32])));
        Passage.open(config, clock).close();
        byte[] other = new byte[32];
        other[0] = 1;
        Map<String, String> settings = new HashMap<>(Map.of("port", "0", "database.url", config.database().url(),
                "data.dir", config.dataDir().toString(), "secrets.master-key", java.util.Base64.getEncoder().encodeToString(other)));

        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        Passage.open(ConfigLoader.load(Map.of(), Optional.empty(), settings), clock))
                .isInstanceOf(dev.passage.server.config.ConfigException.class)
                .hasMessageContaining("cannot be opened with this secrets.master-key");
    }

    @Test
    void a_delivery_leased_by_a_node_that_died_is_sent_by_another_node_once_the_lease_runs_out() throws Exception {
        PassageConfig config = config("sqlite", Map.of("webhooks.lease-seconds", "60"));
        try (Receiver receiver = Receiver.answering(200); Passage node = Passage.open(config, clock).start()) {
            String url = receiver.url("/hook");
            String orgId = newOrg(node);
            String linkId = newLink(node, orgId, url);
            String id = node.database().write(h -> {
                String enqueued = node.webhooks().enqueue(WebhookFixtures.completed(linkId, orgId, url, clock.millis()))
                        .orElseThrow();
                // As if another node had taken it and died mid-attempt.
                h.createUpdate("UPDATE webhook_deliveries SET lease_owner = 'node_dead', lease_expires_at = :until WHERE id = :id")
                        .bind("until", clock.millis() + 60_000).bind("id", enqueued).execute();
                return enqueued;
            });
            Thread.sleep(200);
            assertThat(receiver.received()).isEmpty();

            clock.advance(Duration.ofSeconds(60));

            await().atMost(Duration.ofSeconds(10)).until(() -> delivery(node, orgId, linkId, id).attempts().size() == 1);
            assertThat(receiver.received()).hasSize(1);
            assertThat(delivery(node, orgId, linkId, id).status()).isEqualTo("delivered");
        }
    }

    @Test
    void the_first_attempt_waits_for_the_first_offset_of_the_configured_schedule() throws Exception {
        PassageConfig config = config("sqlite", Map.of("webhooks.retry-schedule-seconds", "2,3"));
        try (Receiver receiver = Receiver.answering(500); Passage node = Passage.open(config, clock).start()) {
            String url = receiver.url("/hook");
            String orgId = newOrg(node);
            String linkId = newLink(node, orgId, url);
            long eventAt = clock.millis();
            String id = WebhookFixtures.complete(node, clock, orgId, linkId, url).orElseThrow();
            Thread.sleep(150);
            assertThat(receiver.received()).isEmpty();

            clock.advance(Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(10)).until(() -> delivery(node, orgId, linkId, id).attempts().size() == 1);
            clock.advance(Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> delivery(node, orgId, linkId, id).attempts().size() == 2);

            Delivery d = delivery(node, orgId, linkId, id);
            assertThat(d.attempts()).extracting(Delivery.Attempt::startedAt).containsExactly(eventAt + 2000, eventAt + 3000);
            assertThat(d.status()).isEqualTo("failed");
        }
    }

    private static int attemptCount(Passage p) {
        return p.database().read(h -> h.createQuery("SELECT COUNT(*) FROM webhook_attempts").mapTo(Integer.class).one());
    }
}
