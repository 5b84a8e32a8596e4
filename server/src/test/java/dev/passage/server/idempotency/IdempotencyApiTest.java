package dev.passage.server.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** Idempotency-Key on creates and resends, over real HTTP, on SQLite and PostgreSQL. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgresql"})
@PassageServer
class IdempotencyApiTest {
    private static final String BODY = """
            {"integrationId":"tmobile","resource":"paymentMethod","action":"read","externalUserId":"u1"}""";

    @Parameter
    String database;

    TestServer server;

    @PassageServer.Key
    String key;

    private TestServer.Response create(String idempotencyKey, String body) {
        return server.send(HttpRequest.newBuilder(server.uri("/v1/links"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private int links() {
        return server.get("/v1/links?limit=200", key).json().get("links").size();
    }

    @Test
    void the_same_key_and_body_answer_the_first_response_again_marked_as_replayed() {
        TestServer.Response first = create("order-1", BODY);
        TestServer.Response again = create("order-1", """
                {"externalUserId":"u1","action":"read","resource":"paymentMethod","integrationId":"tmobile"}""");

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isEmpty();
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).contains("true");
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(links()).isEqualTo(1);
    }

    @Test
    void the_same_key_with_another_body_is_422_naming_the_conflict() {
        create("order-2", BODY);
        TestServer.Response other = create("order-2", BODY.replace("u1", "u2"));

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().get("error").asString()).contains("Idempotency-Key").contains("different request");
        assertThat(links()).isEqualTo(1);
    }

    @Test
    void a_request_that_fails_stores_nothing_so_the_corrected_one_may_use_the_key() {
        assertThat(create("order-3", "{\"integrationId\":\"nope\"}").status()).isEqualTo(400);
        assertThat(create("order-3", BODY).status()).isEqualTo(201);
    }

    @Test
    void concurrent_requests_with_one_key_create_one_link() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> {
                    go.await(5, TimeUnit.SECONDS);
                    TestServer.Response r = create("order-4", BODY);
                    statuses.add(r.status());
                    ids.add(r.json().get("linkId").asString());
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> call : calls) {
                call.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses).containsOnly(201);
        assertThat(ids).hasSize(1);
        assertThat(links()).isEqualTo(1);
    }

    @Test
    void a_key_is_an_organizations_own_and_is_forgotten_after_24_hours() {
        String first = create("order-5", BODY).json().get("linkId").asString();
        String otherOrg = server.newOrgKey();
        TestServer.Response elsewhere = server.send(HttpRequest.newBuilder(server.uri("/v1/links"))
                .header("Authorization", "Bearer " + otherOrg).header("Content-Type", "application/json")
                .header("Idempotency-Key", "order-5").POST(HttpRequest.BodyPublishers.ofString(BODY)).build());
        assertThat(elsewhere.json().get("linkId").asString()).isNotEqualTo(first);

        server.clock.advance(Duration.ofHours(24).plusSeconds(1));
        TestServer.Response later = create("order-5", BODY.replace("u1", "u9"));
        assertThat(later.status()).isEqualTo(201);
        assertThat(later.json().get("linkId").asString()).isNotEqualTo(first);
    }

    @Test
    void a_malformed_key_is_400() {
        assertThat(create("x".repeat(256), BODY).status()).isEqualTo(400);
    }

    @Test
    void the_stored_answer_holding_the_claim_code_is_sealed_at_rest() {
        String code = create("order-6", BODY).json().get("claimCode").asString();
        List<String> stored = server.passage.database().read(h -> h.createQuery("SELECT response_body FROM idempotency_keys")
                .mapTo(String.class).list());
        assertThat(stored).isNotEmpty().allSatisfy(body -> assertThat(body).startsWith("v1.").doesNotContain(code));
    }
}
