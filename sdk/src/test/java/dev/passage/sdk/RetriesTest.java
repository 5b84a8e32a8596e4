package dev.passage.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passage.sdk.errors.ConnectionException;
import dev.passage.sdk.errors.RateLimitedException;
import dev.passage.sdk.errors.ServerException;
import dev.passage.sdk.params.LinkCreateParams;
import dev.passage.sdk.testing.StubServer;
import dev.passage.sdk.testing.StubServer.Reply;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Retry and backoff behaviour, against a scripted local server: the one thing the real server cannot be made to do on cue. */
class RetriesTest {
    private static final String LINK = """
            {"id":"link_1","integrationId":"tmobile","operations":[{"resource":"paymentMethod","action":"read"}],
             "resource":"paymentMethod","action":"read","externalUserId":null,"status":"pending","currentSessionId":null,
             "result":null,"error":null,"expiresAt":1795608000000,"createdAt":1795593600000,"updatedAt":1795593600000}""";
    private static final String CREATED = """
            {"linkId":"link_1","claimCode":"clm_1","integrationId":"tmobile","operations":[{"resource":"paymentMethod",
             "action":"read"}],"resource":"paymentMethod","action":"read","status":"pending",
             "appClipUrl":"http://localhost:8080/clip?code=clm_1","expiresAt":1795608000000,"createdAt":1795593600000}""";
    private static final Reply UNAVAILABLE = Reply.of(503, "{\"error\":\"Service unavailable\"}");
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final Sleeper recording = waits::add;
    private final LinkCreateParams params = LinkCreateParams.builder().integrationId("tmobile")
            .operation("paymentMethod", "read").build();

    private PassageClient client(StubServer stub, int maxRetries) {
        return PassageClient.builder().apiKey("psg_test").baseUrl(stub.baseUrl()).maxRetries(maxRetries)
                .sleeper(recording).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    @Test
    void a_get_answered_503_with_retry_after_is_retried_after_that_many_seconds() {
        try (StubServer stub = StubServer.answering(Reply.of(503, "{\"error\":\"busy\"}", Map.of("Retry-After", "2")),
                Reply.of(200, LINK))) {
            assertThat(client(stub, 2).links().get("link_1").id()).isEqualTo("link_1");

            assertThat(stub.requests()).hasSize(2);
            assertThat(waits).containsExactly(Duration.ofSeconds(2));
        }
    }

    @Test
    void a_retry_after_http_date_is_read_against_the_injected_clock() {
        String in3s = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(3).atZone(ZoneOffset.UTC));
        try (StubServer stub = StubServer.answering(Reply.of(429, "{\"error\":\"slow down\"}", Map.of("Retry-After", in3s)),
                Reply.of(200, LINK))) {
            client(stub, 1).links().get("link_1");

            assertThat(waits).containsExactly(Duration.ofSeconds(3));
        }
    }

    @Test
    void without_retry_after_the_waits_back_off_exponentially_with_jitter_under_a_cap() {
        try (StubServer stub = StubServer.answering(UNAVAILABLE)) {
            assertThatThrownBy(() -> client(stub, 5).links().get("link_1"))
                    .isInstanceOfSatisfying(ServerException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.errorMessage()).isEqualTo("Service unavailable");
                        assertThat(e.requestId()).contains("req_stub_6");
                    });

            assertThat(stub.requests()).hasSize(6);
            assertThat(waits).hasSize(5);
            long[] ceilings = {500, 1000, 2000, 4000, 8000};
            for (int i = 0; i < waits.size(); i++) {
                assertThat(waits.get(i)).isBetween(Duration.ZERO, Duration.ofMillis(ceilings[i]));
            }
        }
    }

    @Test
    void a_post_without_an_idempotency_key_is_never_retried() {
        try (StubServer stub = StubServer.answering(UNAVAILABLE, Reply.of(201, CREATED))) {
            assertThatThrownBy(() -> client(stub, 3).links().create(params)).isInstanceOf(ServerException.class);

            assertThat(stub.requests()).hasSize(1);
            assertThat(stub.requests().get(0).header("Idempotency-Key")).isNull();
            assertThat(waits).isEmpty();
        }
    }

    @Test
    void a_post_with_an_idempotency_key_is_retried_with_the_same_key() {
        try (StubServer stub = StubServer.answering(UNAVAILABLE, Reply.of(201, CREATED))) {
            var created = client(stub, 3).links().create(params, RequestOptions.builder().idempotencyKey("order-42").build());

            assertThat(created.linkId()).isEqualTo("link_1");
            assertThat(stub.requests()).extracting(r -> r.header("Idempotency-Key")).containsExactly("order-42", "order-42");
            assertThat(stub.requests()).extracting(StubServer.Request::body).allSatisfy(b -> assertThat(b).contains("tmobile"));
        }
    }

    @Test
    void auto_idempotency_makes_one_key_for_every_attempt_of_a_post() {
        try (StubServer stub = StubServer.answering(UNAVAILABLE, UNAVAILABLE, Reply.of(201, CREATED))) {
            client(stub, 3).links().create(params, RequestOptions.builder().autoIdempotency(true).build());

            List<String> keys = stub.requests().stream().map(r -> r.header("Idempotency-Key")).toList();
            assertThat(keys).hasSize(3).doesNotContainNull();
            assertThat(keys).containsOnly(keys.get(0));
        }
    }

    @Test
    void per_call_max_retries_overrides_the_clients() {
        try (StubServer stub = StubServer.answering(UNAVAILABLE, Reply.of(200, LINK))) {
            assertThatThrownBy(() -> client(stub, 3).links().get("link_1", RequestOptions.builder().maxRetries(0).build()))
                    .isInstanceOf(ServerException.class);

            assertThat(stub.requests()).hasSize(1);
        }
    }

    @Test
    void a_rate_limit_that_outlasts_the_retries_is_a_rate_limited_exception_with_its_retry_after() {
        try (StubServer stub = StubServer.answering(Reply.of(429, "{\"error\":\"Too many requests\"}",
                Map.of("Retry-After", "1", "RateLimit-Limit", "100", "RateLimit-Remaining", "0", "RateLimit-Reset", "7")))) {
            assertThatThrownBy(() -> client(stub, 1).links().get("link_1"))
                    .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                        assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
                        assertThat(e.rateLimit()).contains(new RateLimitedException.RateLimit(100, 0, Duration.ofSeconds(7)));
                    });

            assertThat(stub.requests()).hasSize(2);
        }
    }

    @Test
    void a_retry_after_longer_than_a_minute_is_not_waited_for() {
        try (StubServer stub = StubServer.answering(Reply.of(429, "{\"error\":\"Too many requests\"}",
                Map.of("Retry-After", "3600")), Reply.of(200, LINK))) {
            assertThatThrownBy(() -> client(stub, 3).links().get("link_1"))
                    .isInstanceOfSatisfying(RateLimitedException.class,
                            e -> assertThat(e.retryAfter()).contains(Duration.ofHours(1)));

            assertThat(stub.requests()).hasSize(1);
            assertThat(waits).isEmpty();
        }
    }

    @Test
    void a_client_error_is_not_retried() {
        try (StubServer stub = StubServer.answering(Reply.of(404, "{\"error\":\"No such link.\"}"), Reply.of(200, LINK))) {
            assertThatThrownBy(() -> client(stub, 3).links().get("link_1"))
                    .isInstanceOf(dev.passage.sdk.errors.NotFoundException.class);

            assertThat(stub.requests()).hasSize(1);
        }
    }

    @Test
    void a_refused_connection_is_retried_then_a_connection_exception() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PassageClient nobody = PassageClient.builder().apiKey("psg_test").baseUrl("http://127.0.0.1:" + closedPort)
                .maxRetries(2).sleeper(recording).build();

        assertThatThrownBy(() -> nobody.links().get("link_1"))
                .isInstanceOfSatisfying(ConnectionException.class, e -> {
                    assertThat(e.statusCode()).isZero();
                    assertThat(e.getMessage()).contains("GET /v1/links/link_1").contains("after 2 retries");
                });
        assertThat(waits).hasSize(2);
    }

    @Test
    void a_response_that_is_not_json_is_an_unexpected_response() {
        try (StubServer stub = StubServer.answering(Reply.of(200, "<html>proxy</html>"))) {
            assertThatThrownBy(() -> client(stub, 0).links().get("link_1"))
                    .isInstanceOf(dev.passage.sdk.errors.UnexpectedResponseException.class)
                    .hasMessageContaining("not JSON");
        }
    }

    @Test
    void every_request_carries_the_api_key_and_the_sdk_user_agent() {
        try (StubServer stub = StubServer.answering(Reply.of(200, LINK))) {
            client(stub, 0).links().get("link_1");

            StubServer.Request request = stub.requests().get(0);
            assertThat(request.header("Authorization")).isEqualTo("Bearer psg_test");
            assertThat(request.header("User-Agent")).startsWith("passage-java/");
            assertThat(request.path()).isEqualTo("/v1/links/link_1");
        }
    }
}
