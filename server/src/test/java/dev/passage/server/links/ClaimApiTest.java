package dev.passage.server.links;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.secrets.Tokens;
import dev.passage.server.testing.Flows;
import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import dev.passage.server.testing.TestServer.Response;
import dev.passage.server.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** POST /link/claim over real HTTP, on SQLite and on PostgreSQL: every status of docs/api.md §2. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgresql"})
@PassageServer
class ClaimApiTest {
    TestServer server;

    @Parameter
    String database;

    Flows flows;

    @BeforeEach
    void newOrganization() {
        server.launcher.failing(false);
    }

    @Test
    void claiming_a_pending_link_returns_a_session_and_makes_the_link_active() {
        Flows.LinkRef link = flows.createLink();

        Response r = flows.claim(link.claimCode());

        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.propertyNames()).containsExactly("linkId", "sessionId", "clientToken", "websocketUrl", "expiresAt");
        assertThat(body.get("linkId").asString()).isEqualTo(link.linkId());
        String sessionId = body.get("sessionId").asString();
        assertThat(sessionId).matches("session_[0-9a-f-]{36}");
        assertThat(body.get("clientToken").asString()).startsWith("ct_").hasSizeGreaterThan(40);
        assertThat(body.get("websocketUrl").asString()).isEqualTo("ws://localhost:" + server.passage.port() + "/sessions/" + sessionId + "/ws");
        // Our choice: expiresAt is the end of the session (sessions.max-duration-seconds after the claim).
        assertThat(body.get("expiresAt").asLong()).isEqualTo(server.clock.millis() + 1_800_000L);

        JsonNode read = flows.link(link.linkId());
        assertThat(read.get("status").asString()).isEqualTo("active");
        assertThat(read.get("currentSessionId").asString()).isEqualTo(sessionId);
        assertThat(flows.sessionState(sessionId)).isEqualTo("created");
        assertThat(server.launcher.ticket(sessionId).workerToken()).startsWith("wt_");
        assertThat(server.launcher.ticket(sessionId).websocketUrl()).isEqualTo(body.get("websocketUrl").asString());
    }

    @Test
    void claim_codes_and_session_tokens_are_stored_only_as_hashes() {
        Flows.LinkRef link = flows.createLink();
        Flows.Claimed c = flows.claimOk(link.claimCode());

        String stored = server.passage.database().read(h -> h.createQuery("""
                        SELECT l.claim_code_hash || ' ' || s.worker_token_hash || ' ' || s.client_token_hash
                        FROM links l JOIN sessions s ON s.link_id = l.id WHERE s.id = :id""")
                .bind("id", c.sessionId()).mapTo(String.class).one());

        assertThat(stored).doesNotContain(link.claimCode()).doesNotContain(c.clientToken())
                .doesNotContain(c.ticket().workerToken())
                .isEqualTo(Tokens.hash(link.claimCode()) + " " + Tokens.hash(c.ticket().workerToken()) + " "
                        + Tokens.hash(c.clientToken()));
    }

    @Test
    void a_missing_empty_or_non_string_code_is_400() {
        for (String body : List.of("{}", "{\"code\":\"\"}", "{\"code\":42}", "{\"code\":null}", "[]", "{\"code\":")) {
            Response r = server.postJson("/link/claim", null, body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.json().get("error").asString()).as(body).isNotBlank();
        }
    }

    @Test
    void an_unknown_code_is_404() {
        Response r = flows.claim("clm_00000000-0000-0000-0000-000000000000");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().propertyNames()).containsExactly("error");
    }

    @Test
    void claiming_an_active_link_is_409() {
        Flows.LinkRef link = flows.createLink();
        flows.claimOk(link.claimCode());

        Response r = flows.claim(link.claimCode());

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("error").asString()).contains("claimed");
    }

    @Test
    void claiming_a_complete_link_is_409() {
        Flows.LinkRef link = flows.createLink();
        Flows.Claimed c = flows.claimOk(link.claimCode());
        try (Flows.Both s = flows.active(c)) {
            s.worker().send("{\"type\":\"worker.complete\",\"result\":{\"paymentMethods\":[]}}");
            s.client().until("server.session_end");
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> flows.link(link.linkId()).get("status").asString().equals("complete"));

        Response r = flows.claim(link.claimCode());

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("error").asString()).contains("not reusable");
    }

    @Test
    void claiming_an_expired_link_is_410_even_before_the_sweeper_wrote_it() {
        Flows.LinkRef link = flows.createLink("""
                {"integrationId":"tmobile","resource":"paymentMethod","action":"read","expiresIn":60}""");
        server.clock.advance(Duration.ofSeconds(61));

        Response r = flows.claim(link.claimCode());

        assertThat(r.status()).isEqualTo(410);
        assertThat(r.json().propertyNames()).containsExactly("error");
    }

    @Test
    void claiming_a_failed_link_creates_a_new_session() {
        Flows.LinkRef link = flows.createLink();
        Flows.Claimed first = flows.claimOk(link.claimCode());
        try (WsClient worker = flows.worker(first)) {
            worker.send("{\"type\":\"worker.fail\",\"error\":{\"code\":\"AUTOMATION_ERROR\",\"message\":\"portal down\"}}");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> flows.link(link.linkId()).get("status").asString().equals("failed"));
        }

        Flows.Claimed second = flows.claimOk(link.claimCode());

        assertThat(second.sessionId()).isNotEqualTo(first.sessionId());
        JsonNode read = flows.link(link.linkId());
        assertThat(read.get("status").asString()).isEqualTo("active");
        assertThat(read.get("currentSessionId").asString()).isEqualTo(second.sessionId());
        assertThat(read.get("error").isNull()).isTrue();
        assertThat(flows.sessionState(first.sessionId())).isEqualTo("failed");
        assertThat(flows.sessionState(second.sessionId())).isEqualTo("created");
    }

    @Test
    void of_twenty_concurrent_claims_of_one_link_exactly_one_wins() throws Exception {
        Flows.LinkRef link = flows.createLink();
        int n = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<Integer> claim = () -> {
                    start.await(10, TimeUnit.SECONDS);
                    return flows.claim(link.claimCode()).status();
                };
                results.add(pool.submit(claim));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
            assertThat(statuses).filteredOn(s -> s != 200).containsOnly(409);
        } finally {
            pool.shutdownNow();
        }
        int sessions = server.passage.database().read(h -> h.createQuery(
                "SELECT COUNT(*) FROM sessions WHERE link_id = :id").bind("id", link.linkId()).mapTo(Integer.class).one());
        assertThat(sessions).isEqualTo(1);
    }

    @Test
    void a_session_that_cannot_be_started_is_502_and_leaves_the_link_as_it_was() {
        Flows.LinkRef link = flows.createLink();
        server.launcher.failing(true);

        Response r = flows.claim(link.claimCode());

        assertThat(r.status()).isEqualTo(502);
        assertThat(r.json().propertyNames()).containsExactly("error");
        JsonNode read = flows.link(link.linkId());
        assertThat(read.get("status").asString()).isEqualTo("pending");
        assertThat(read.get("currentSessionId").isNull()).isTrue();
        String state = server.passage.database().read(h -> h.createQuery(
                "SELECT state || ' ' || error_code FROM sessions WHERE link_id = :id").bind("id", link.linkId())
                .mapTo(String.class).one());
        assertThat(state).isEqualTo("failed INTERNAL_ERROR");

        server.launcher.failing(false);
        assertThat(flows.claim(link.claimCode()).status()).isEqualTo(200);
    }

    @Test
    void websocket_urls_use_wss_behind_a_tls_public_url() {
        if (!database.equals("sqlite")) {
            return; // A property of configuration, not of the database.
        }
        try (TestServer tls = TestServer.start("sqlite", Map.of("public-url", "https://connect.example.com/"))) {
            Flows tlsFlows = new Flows(tls);
            Flows.Claimed c = tlsFlows.claimOk(tlsFlows.createLink().claimCode());

            assertThat(c.websocketUrl()).isEqualTo("wss://connect.example.com/sessions/" + c.sessionId() + "/ws");
        }
    }

    @Test
    void claims_beyond_the_per_address_rate_limit_get_429_until_the_bucket_refills() {
        if (!database.equals("sqlite")) {
            return; // An in-memory limit: the database plays no part.
        }
        try (TestServer limited = TestServer.start("sqlite", Map.of("claim.rate-limit-per-minute", "3"))) {
            Flows limitedFlows = new Flows(limited);
            String unknown = "clm_00000000-0000-0000-0000-000000000000";
            for (int i = 0; i < 3; i++) {
                assertThat(limitedFlows.claim(unknown).status()).isEqualTo(404);
            }

            Response r = limitedFlows.claim(unknown);

            assertThat(r.status()).isEqualTo(429);
            assertThat(r.json().propertyNames()).containsExactly("error");
            limited.clock.advance(Duration.ofSeconds(20));
            assertThat(limitedFlows.claim(unknown).status()).isEqualTo(404);
        }
    }
}
