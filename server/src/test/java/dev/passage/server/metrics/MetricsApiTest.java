package dev.passage.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.passage.server.testing.Flows;
import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import dev.passage.server.testing.WsClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** GET /metrics in Prometheus' format, with what operations watch, and one log line per link change and session end. */
@PassageServer
class MetricsApiTest {
    TestServer server;
    Flows flows;

    private String scrape() {
        TestServer.Response r = server.get("/metrics", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type").orElseThrow()).startsWith("text/plain");
        return r.body();
    }

    @Test
    void requests_are_counted_by_route_template_and_status_never_by_path() {
        String linkId = flows.createLink().linkId();
        flows.link(linkId);
        server.get("/v1/links/link_nope", flows.key());

        String metrics = scrape();
        assertThat(metrics).contains("passage_http_requests_seconds_count{method=\"GET\",route=\"/v1/links/{id}\",status=\"200\"}")
                .contains("passage_http_requests_seconds_count{method=\"GET\",route=\"/v1/links/{id}\",status=\"404\"}")
                .contains("passage_http_requests_seconds_bucket{method=\"POST\",route=\"/v1/links\",status=\"201\"")
                .doesNotContain(linkId).doesNotContain("link_nope");
        assertThat(metrics).contains("jvm_memory_used_bytes").contains("jvm_threads_live_threads");
    }

    @Test
    void link_changes_sessions_claims_and_webhook_attempts_are_counted_and_logged() {
        Logger logger = (Logger) LoggerFactory.getLogger("dev.passage");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            Flows.Claimed c = flows.claimOk(flows.createLink("""
                    {"integrationId":"att","resource":"paymentMethod","action":"read","webhookUrl":"http://127.0.0.1:9/x"}""")
                    .claimCode());
            flows.claim("clm_unknown");
            assertThat(scrape()).contains("passage_sessions_active ").contains("passage_claims_total{outcome=\"claimed\"}")
                    .contains("passage_claims_total{outcome=\"not_found\"}");
            try (WsClient worker = flows.worker(c)) {
                worker.send("{\"type\":\"worker.fail\",\"error\":{\"code\":\"AUTOMATION_ERROR\",\"message\":\"no\","
                        + "\"reason\":\"invalid_credentials\"}}");
                await().atMost(Duration.ofSeconds(10)).until(() -> flows.link(c.linkId()).get("status").asString().equals("failed"));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> scrape().contains("passage_webhook_attempts_seconds_count{outcome=\"retrying\"}"));
            assertThat(scrape()).contains("passage_link_status_changes_total{integration=\"att\",reason=\"invalid_credentials\",status=\"failed\"}")
                    .contains("passage_link_status_changes_total{integration=\"att\",reason=\"none\",status=\"active\"}")
                    .contains("passage_webhook_dispatch_lag_seconds_count");
        } finally {
            logger.detachAppender(logs);
        }
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.matches("Link link_\\S+ is failed \\(att\\): AUTOMATION_ERROR invalid_credentials"))
                .anyMatch(m -> m.matches("Session session_\\S+ of link link_\\S+ ended failed: AUTOMATION_ERROR invalid_credentials"))
                .noneMatch(m -> m.contains("ct_") || m.contains("wt_") || m.contains("clm_"));
    }

    @Test
    void a_metrics_token_keeps_the_metrics_to_those_who_hold_it() {
        try (TestServer guarded = TestServer.start("sqlite", Map.of("metrics.token", "m3tr1cs-s3cr3t"))) {
            assertThat(guarded.get("/metrics", null).status()).isEqualTo(401);
            assertThat(guarded.send(HttpRequest.newBuilder(guarded.uri("/metrics")).header("Authorization", "Bearer wrong")
                    .GET().build()).status()).isEqualTo(401);
            assertThat(guarded.send(HttpRequest.newBuilder(guarded.uri("/metrics"))
                    .header("Authorization", "Bearer m3tr1cs-s3cr3t").GET().build()).status()).isEqualTo(200);
        }
    }
}
