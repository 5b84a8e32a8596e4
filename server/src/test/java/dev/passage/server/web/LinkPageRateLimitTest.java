package dev.passage.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.testing.Flows;
import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The link page and its QR code are public and take a claim code, so they spend the one budget per
 * client address that the claim, /link/ws, /link/info and /link/decline share.
 */
@PassageServer(settings = "claim.rate-limit-per-minute=3")
class LinkPageRateLimitTest {
    TestServer server;
    Flows flows;

    @Test
    void a_fourth_look_up_within_the_minute_through_any_claim_code_endpoint_is_refused_with_429() {
        String code = flows.createLink().claimCode();
        assertThat(server.get("/clip?code=" + code, null).status()).isEqualTo(200);
        assertThat(server.get("/link/qr.svg?code=" + code, null).status()).isEqualTo(200);
        assertThat(server.get("/link/info?code=" + code, null).status()).isEqualTo(200);
        TestServer.Response page = server.get("/clip?code=" + code, null);
        assertThat(page.status()).isEqualTo(429);
        assertThat(page.body()).contains("Wait a few seconds");
        assertThat(page.header("Retry-After")).isPresent();
        TestServer.Response qr = server.get("/link/qr.svg?code=" + code, null);
        assertThat(qr.status()).isEqualTo(429);
        assertThat(qr.json().get("error").asString()).contains("Too many");
        assertThat(server.postJson("/link/claim", null, "{\"code\":\"" + code + "\"}").status()).isEqualTo(429);
    }
}
