package dev.passage.server.automation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.device.DeviceRuntime;
import dev.passage.sandbox.PaymentMethod;
import dev.passage.sandbox.SandboxData;
import dev.passage.sandbox.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** T-Mobile end to end: API → hosted worker → device runtime in headless Chromium → sandbox portal. */
class TmobileE2eTest {
    static E2e e2e;

    @BeforeAll
    static void start() {
        e2e = new E2e(Map.of());
    }

    @AfterAll
    static void stop() {
        e2e.close();
    }

    @Test
    void paymentMethodReadMatchesThePortal() {
        JsonNode created = e2e.createLink("""
                {"integrationId":"tmobile","resource":"paymentMethod","action":"read"}""");
        DeviceRuntime.Outcome outcome = e2e.device(created, "user_good");
        JsonNode link = e2e.settledLink(created.get("linkId").asString());
        assertThat(link.path("status").asString()).as(link.toString()).isEqualTo("complete");
        assertThat(outcome.complete()).isTrue();
        List<PaymentMethod> seed = SandboxData.load("tmobile").paymentMethods();
        JsonNode methods = link.path("result").path("paymentMethods");
        assertThat(methods.size()).isEqualTo(seed.size());
        for (int i = 0; i < seed.size(); i++) {
            PaymentMethod m = seed.get(i);
            JsonNode r = methods.get(i);
            assertThat(r.path("order").asInt()).isEqualTo(i);
            assertThat(r.path("vendorId").asString()).isEqualTo(m.id());
            assertThat(r.path("last4").asString()).isEqualTo(m.last4());
            assertThat(r.path("type").asString()).isEqualTo(m.type());
            assertThat(r.path("isDefault").asBoolean()).isEqualTo(m.isDefault());
            if (m.isCard()) {
                assertThat(r.path("brand").asString()).isEqualTo(m.brand());
                assertThat(r.path("expirationDate").asString()).isEqualTo(m.expirationDate());
            }
        }
    }

    @Test
    void statementsHonourTheLimit() {
        JsonNode created = e2e.createLink("""
                {"integrationId":"tmobile","resource":"mobileBillingStatement","action":"read","arguments":{"limit":3}}""");
        e2e.device(created, "user_good");
        JsonNode link = e2e.settledLink(created.get("linkId").asString());
        assertThat(link.path("status").asString()).as(link.toString()).isEqualTo("complete");
        List<Statement> seed = SandboxData.load("tmobile").statements();
        JsonNode billing = link.path("result").path("billing");
        assertThat(billing.size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(billing.get(i).path("periodStart").asString()).isEqualTo(seed.get(i).periodStart().toString());
            assertThat(billing.get(i).path("amountDue").decimalValue()).isEqualByComparingTo(seed.get(i).amountDue());
            assertThat(billing.get(i).path("currency").asString()).isEqualTo(seed.get(i).currency());
        }
    }
}
