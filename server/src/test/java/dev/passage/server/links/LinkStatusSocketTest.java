package dev.passage.server.links;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.testing.Flows;
import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import dev.passage.server.testing.WsClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** {@code /link/ws?code=…}: the link's status now and every change, over a real websocket, on SQLite and PostgreSQL. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgresql"})
@PassageServer(settings = {"links.sweep-interval-seconds=1"})
class LinkStatusSocketTest {
    TestServer server;

    @Parameter
    String database;

    Flows flows;

    private WsClient watch(String code) {
        return WsClient.connect(server.wsUri("/link/ws?code=" + code));
    }

    @Test
    void a_watcher_sees_pending_then_active_then_complete_and_the_socket_closes() {
        Flows.LinkRef link = flows.createLink();
        try (WsClient watcher = watch(link.claimCode())) {
            JsonNode first = watcher.next("status");
            assertThat(first.propertyNames()).containsExactly("type", "linkId", "status", "updatedAt", "error");
            assertThat(first.get("linkId").asString()).isEqualTo(link.linkId());
            assertThat(first.get("status").asString()).isEqualTo("pending");

            Flows.Claimed c = flows.claimOk(link.claimCode());
            assertThat(watcher.next("status").get("status").asString()).isEqualTo("active");

            try (Flows.Both s = flows.active(c)) {
                s.worker().send("{\"type\":\"worker.complete\",\"result\":{\"paymentMethods\":[]}}");
                JsonNode complete = watcher.next("status");
                assertThat(complete.get("status").asString()).isEqualTo("complete");
                assertThat(complete.get("error").isNull()).isTrue();
            }
            assertThat(watcher.closeCode()).isEqualTo(1000);
        }
    }

    @Test
    void a_watcher_sees_a_failure_with_its_error_and_stays_for_the_next_claim() {
        Flows.LinkRef link = flows.createLink();
        try (WsClient watcher = watch(link.claimCode())) {
            watcher.next("status");
            Flows.Claimed c = flows.claimOk(link.claimCode());
            watcher.next("status");
            try (WsClient worker = flows.worker(c)) {
                worker.send("{\"type\":\"worker.fail\",\"error\":{\"code\":\"AUTOMATION_ERROR\",\"message\":\"portal down\"}}");
                JsonNode failed = watcher.next("status");
                assertThat(failed.get("status").asString()).isEqualTo("failed");
                assertThat(failed.get("error").toString())
                        .isEqualTo("{\"code\":\"AUTOMATION_ERROR\",\"message\":\"portal down\",\"reason\":\"automation_failed\"}");
            }
            assertThat(watcher.poll(Duration.ofMillis(200))).isNull();
            assertThat(watcher.isClosed()).isFalse();

            flows.claimOk(link.claimCode());
            JsonNode again = watcher.next("status");
            assertThat(again.get("status").asString()).isEqualTo("active");
            assertThat(again.get("error").isNull()).isTrue();
        }
    }

    @Test
    void a_watcher_of_a_complete_link_gets_its_status_and_the_socket_closes() {
        Flows.LinkRef link = flows.createLink();
        try (Flows.Both s = flows.active(flows.claimOk(link.claimCode()))) {
            s.worker().send("{\"type\":\"worker.complete\",\"result\":{\"paymentMethods\":[]}}");
            s.client().until("server.session_end");
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> flows.link(link.linkId()).get("status").asString().equals("complete"));

        try (WsClient watcher = watch(link.claimCode())) {
            assertThat(watcher.next("status").get("status").asString()).isEqualTo("complete");
            assertThat(watcher.closeCode()).isEqualTo(1000);
        }
    }

    @Test
    void a_watcher_sees_expiry_when_the_sweeper_writes_it_and_the_socket_closes() {
        Flows.LinkRef link = flows.createLink("""
                {"integrationId":"tmobile","resource":"paymentMethod","action":"read","expiresIn":60}""");
        try (WsClient watcher = watch(link.claimCode())) {
            watcher.next("status");

            server.clock.advance(Duration.ofSeconds(61));

            assertThat(watcher.next("status").get("status").asString()).isEqualTo("expired");
            assertThat(watcher.closeCode()).isEqualTo(1000);
        }
    }

    @Test
    void an_unknown_or_missing_code_is_refused_at_upgrade() {
        assertThat(WsClient.refusal(server.wsUri("/link/ws?code=clm_00000000-0000-0000-0000-000000000000"))).isEqualTo(404);
        assertThat(WsClient.refusal(server.wsUri("/link/ws"))).isEqualTo(400);
    }
}
