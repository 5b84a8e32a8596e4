package dev.passage.server.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.testing.Flows;
import dev.passage.server.testing.TestServer;
import dev.passage.server.testing.WsClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The client's server.hello names the origins the integration's automation runs on, and nothing else. */
class AllowedOriginsTest {
    @Test
    void the_clients_hello_carries_the_origin_of_the_integrations_base_url() {
        try (TestServer server = TestServer.start("sqlite", Map.of("automation.live-base-urls",
                "tmobile=https://www.t-mobile.example:8443/base/path"))) {
            Flows flows = new Flows(server);
            Flows.Claimed tmobile = flows.newSession();
            try (WsClient client = flows.open(tmobile.sessionId(), "client", tmobile.clientToken())) {
                client.send("{\"type\":\"client.hello\"}");
                JsonNode hello = client.next("server.hello");
                assertThat(hello.path("allowedOrigins").toString()).isEqualTo("[\"https://www.t-mobile.example:8443\"]");
            }
            // An integration without a base URL on this server: no origin at all, so the client goes nowhere.
            Flows.Claimed att = flows.claimOk(flows.createLink("""
                    {"integrationId":"att","resource":"paymentMethod","action":"read"}""").claimCode());
            try (WsClient client = flows.open(att.sessionId(), "client", att.clientToken())) {
                client.send("{\"type\":\"client.hello\"}");
                assertThat(client.next("server.hello").path("allowedOrigins").toString()).isEqualTo("[]");
            }
            // The worker's hello does not carry it: it is the client's rule.
            try (WsClient worker = flows.open(tmobile.sessionId(), "worker", tmobile.ticket().workerToken())) {
                worker.send("{\"type\":\"worker.hello\"}");
                assertThat(worker.next("server.hello").has("allowedOrigins")).isFalse();
            }
        }
    }
}
