package dev.passage.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.sandbox.Sandbox;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Without the server's own portals, automations run against configured live base URLs, or fail clearly. */
class LiveBaseUrlE2eTest {
    @Test
    void a_configured_live_base_url_is_used_and_a_missing_one_fails_the_link() {
        try (Sandbox outside = Sandbox.start(0)) {
            E2e e2e = new E2e(Map.of("sandbox.portals", "false",
                    "automation.live-base-urls", "tmobile=" + outside.url("tmobile")));
            try {
                assertThat(e2e.sandbox).isNull();
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
