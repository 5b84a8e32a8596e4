package dev.passage.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import dev.passage.server.testing.WsClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Abuse limits over real HTTP: per API key on /v1, per client address on the public endpoints that take a claim code. */
@PassageServer(settings = {"api.rate-limit-per-minute=5", "claim.rate-limit-per-minute=20"})
class RateLimitApiTest {
    TestServer server;

    @Test
    void an_api_key_past_its_limit_gets_429_with_retry_after_and_every_answer_says_what_is_left() {
        String key = server.newOrgKey();
        for (int i = 4; i >= 0; i--) {
            TestServer.Response r = server.get("/v1/providers", key);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("RateLimit-Limit")).contains("5");
            assertThat(r.header("RateLimit-Remaining")).contains(Integer.toString(i));
            assertThat(Long.parseLong(r.header("RateLimit-Reset").orElseThrow())).isPositive();
        }
        TestServer.Response limited = server.get("/v1/providers", key);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).contains("12");
        assertThat(limited.json().get("error").asString()).contains("too many requests");

        // Another key has its own budget; this one has a request again once a fifth of a minute has passed.
        assertThat(server.get("/v1/providers", server.newOrgKey()).status()).isEqualTo(200);
        server.clock.advance(Duration.ofSeconds(12));
        assertThat(server.get("/v1/providers", key).status()).isEqualTo(200);
    }

    @Test
    void guessing_claim_codes_through_the_status_socket_and_the_claim_shares_one_budget_per_address() {
        int refused = 0;
        for (int i = 0; i < 30; i++) {
            int status = i % 2 == 0
                    ? WsClient.refusal(server.wsUri("/link/ws?code=clm_00000000-0000-0000-0000-" + String.format("%012d", i)))
                    : server.postJson("/link/claim", null, "{\"code\":\"clm_guess" + i + "\"}").status();
            if (status == 429) {
                refused++;
            } else {
                assertThat(status).isEqualTo(404);
            }
        }
        assertThat(refused).isGreaterThanOrEqualTo(10);
    }

    @Test
    void x_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy() {
        ClientAddress none = ClientAddress.trusting(List.of());
        assertThat(none.resolve("203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
        ClientAddress proxies = ClientAddress.trusting(List.of("10.0.0.0/8", "::1"));
        assertThat(proxies.resolve("10.1.2.3", "198.51.100.1, 10.9.9.9")).isEqualTo("198.51.100.1");
        assertThat(proxies.resolve("0:0:0:0:0:0:0:1", "2001:db8::5")).isEqualTo("2001:db8:0:0:0:0:0:5");
        assertThat(proxies.resolve("10.1.2.3", "not-an-address")).isEqualTo("10.1.2.3");
        assertThat(proxies.resolve("192.0.2.1", "198.51.100.1")).isEqualTo("192.0.2.1");
    }

    @Test
    void a_request_with_a_forged_forwarded_for_cannot_escape_its_budget() {
        String code = "{\"code\":\"clm_nope\"}";
        int refused = 0;
        for (int i = 0; i < 40; i++) {
            TestServer.Response r = server.send(HttpRequest.newBuilder(server.uri("/link/claim"))
                    .header("Content-Type", "application/json").header("X-Forwarded-For", "198.51.100." + i)
                    .POST(HttpRequest.BodyPublishers.ofString(code)).build());
            if (r.status() == 429) {
                refused++;
            }
        }
        assertThat(refused).isGreaterThanOrEqualTo(15);
    }
}
