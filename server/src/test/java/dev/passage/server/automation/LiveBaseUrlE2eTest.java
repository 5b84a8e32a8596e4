package dev.passage.server.automation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.sandbox.Sandbox;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Without the server's own portals, automations run against configured live base URLs, or fail clearly. */
class LiveBaseUrlE2eTest {
    @Test
    void aConfiguredLiveBaseUrlIsUsedAndAMissingOneFailsTheLink() {
        try (Sandbox outside = Sandbox.start(0)) {
            E2e e2e = new E2e(Map.of("sandbox.portals", "false",
                    "automation.live-base-urls", "tmobile=" + outside.url("tmobile")));
            try {
                assertThat(e2e.server.passage.sandboxUrls()).isEmpty();
                JsonNode tmobile = e2e.createLink("""
                        {"integrationId":"tmobile","resource":"mobileBillingStatement","action":"read","arguments":{"limit":1}}""");
                assertThat(e2e.device(tmobile, "user_good").complete()).isTrue();
                JsonNode done = e2e.settledLink(tmobile.get("linkId").asString());
                assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("complete");
                assertThat(done.path("result").path("billing").size()).isEqualTo(1);

                JsonNode att = e2e.createLink("""
                        {"integrationId":"att","resource":"paymentMethod","action":"read"}""");
                e2e.device(att, "user_good");
                JsonNode failed = e2e.settledLink(att.get("linkId").asString());
                assertThat(failed.path("status").asString()).as(failed.toString()).isEqualTo("failed");
                assertThat(failed.path("error").path("code").asString()).isEqualTo("AUTOMATION_ERROR");
                assertThat(failed.path("error").path("message").asString()).contains("No base URL is configured for integration att");
            } finally {
                e2e.close();
            }
        }
    }
}
