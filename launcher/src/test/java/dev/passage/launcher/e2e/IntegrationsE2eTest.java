package dev.passage.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.device.DeviceRuntime;
import dev.passage.sandbox.HistoryEntry;
import dev.passage.sandbox.Order;
import dev.passage.sandbox.PaymentMethod;
import dev.passage.sandbox.Sandbox;
import dev.passage.sandbox.SandboxData;
import dev.passage.sandbox.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every integration × resource × action of docs/api.md §5 end to end, through one hosted sandbox server:
 * API → hosted worker → device runtime (headless Chromium, sandbox user) → sandbox portal.
 */
class IntegrationsE2eTest {
    static final String CARD = """
            "cardNumber":"4111111111111111","expirationDate":"12/30","cvv":"123","nameOnCard":"Test User",
            "billingZip":"94105","billingAddress":{"line1":"1 Main St","city":"San Francisco","state":"CA"}""";
    static E2e e2e;

    @BeforeAll
    static void start() {
        e2e = new E2e(Map.of());
    }

    @AfterAll
    static void stop() {
        e2e.close();
    }

    private JsonNode complete(String body, String user) {
        JsonNode created = e2e.createLink(body);
        DeviceRuntime.Outcome outcome = e2e.device(created, user);
        JsonNode link = e2e.settledLink(created.get("linkId").asString());
        assertThat(link.path("status").asString()).as(link.toString()).isEqualTo("complete");
        assertThat(outcome.complete()).isTrue();
        return link.path("result");
    }

    private Sandbox sandbox() {
        return e2e.sandbox;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmobile", "att", "verizon"})
    void payment_methods_are_read_as_the_portal_shows_them(String id) {
        JsonNode result = complete("{\"integrationId\":\"" + id + "\",\"resource\":\"paymentMethod\",\"action\":\"read\"}",
                "user_good");
        List<PaymentMethod> now = sandbox().paymentMethods(id, "user_good");
        JsonNode methods = result.path("paymentMethods");
        assertThat(methods.size()).isEqualTo(now.size());
        for (int i = 0; i < now.size(); i++) {
            PaymentMethod m = now.get(i);
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

    @ParameterizedTest
    @ValueSource(strings = {"tmobile", "att", "verizon"})
    void billing_statements_are_read_newest_first_up_to_the_limit(String id) {
        JsonNode result = complete("{\"integrationId\":\"" + id
                + "\",\"resource\":\"mobileBillingStatement\",\"action\":\"read\",\"arguments\":{\"limit\":2}}", "user_good");
        List<Statement> seed = SandboxData.load(id).statements();
        JsonNode billing = result.path("billing");
        assertThat(billing.size()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            assertThat(billing.get(i).path("statementId").asString()).isEqualTo(seed.get(i).id());
            assertThat(billing.get(i).path("periodStart").asString()).isEqualTo(seed.get(i).periodStart().toString());
            assertThat(billing.get(i).path("amountDue").decimalValue()).isEqualByComparingTo(seed.get(i).amountDue());
            assertThat(billing.get(i).path("currency").asString()).isEqualTo(seed.get(i).currency());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmobile", "att", "verizon"})
    void a_dry_run_card_write_checks_the_card_and_saves_nothing(String id) {
        int before = sandbox().paymentMethods(id, "user_mfa").size();
        JsonNode result = complete("{\"integrationId\":\"" + id + "\",\"resource\":\"paymentMethod\",\"action\":\"write\","
                + "\"arguments\":{" + CARD + ",\"dryRun\":true}}", "user_mfa");
        assertThat(result.path("dryRun").asBoolean()).isTrue();
        assertThat(result.path("card").path("last4").asString()).isEqualTo("1111");
        assertThat(sandbox().paymentMethods(id, "user_mfa")).hasSize(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmobile", "att", "verizon"})
    void a_card_write_saves_the_card_on_the_portal(String id) {
        int before = sandbox().paymentMethods(id, "user_empty").size();
        JsonNode result = complete("{\"integrationId\":\"" + id + "\",\"resource\":\"paymentMethod\",\"action\":\"write\","
                + "\"arguments\":{" + CARD + ",\"dryRun\":false}}", "user_empty");
        assertThat(result.path("success").asBoolean()).isTrue();
        assertThat(result.path("card").path("last4").asString()).isEqualTo("1111");
        List<PaymentMethod> after = sandbox().paymentMethods(id, "user_empty");
        assertThat(after).hasSize(before + 1);
        assertThat(after.getLast().last4()).isEqualTo("1111");
    }

    @Test
    void uber_eats_orders_are_read_up_to_the_limit() {
        JsonNode result = complete("""
                {"integrationId":"ubereats","resource":"orderHistory","action":"read","arguments":{"limit":5}}""", "user_good");
        List<Order> seed = SandboxData.load("ubereats").orders();
        assertThat(result.path("orderCount").asInt()).isEqualTo(5);
        assertThat(result.path("orders").size()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            assertThat(result.path("orders").get(i).path("uuid").asString()).isEqualTo(seed.get(i).id());
        }
    }

    @Test
    void apple_review_reading_history_is_read_up_to_the_limit() {
        JsonNode result = complete("""
                {"integrationId":"apple-review","resource":"readHistory","action":"read","arguments":{"limit":4}}""",
                "user_good");
        List<HistoryEntry> seed = SandboxData.load("apple-review").history();
        JsonNode history = result.path("history");
        assertThat(history.size()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            assertThat(history.get(i).path("id").asString()).isEqualTo(seed.get(i).id());
            assertThat(history.get(i).path("title").asString()).isEqualTo(seed.get(i).title());
            assertThat(history.get(i).path("duration").asInt()).isEqualTo(seed.get(i).duration());
        }
    }

    @Test
    void a_multi_operation_link_lists_each_result_in_the_order_asked() {
        JsonNode result = complete("""
                {"integrationId":"tmobile","operations":[
                  {"resource":"paymentMethod","action":"read"},
                  {"resource":"mobileBillingStatement","action":"read","arguments":{"limit":1}},
                  {"resource":"mobileBillingStatement","action":"read","arguments":{"limit":2}}]}""", "user_good");
        JsonNode operations = result.path("operations");
        assertThat(operations.size()).isEqualTo(3);
        assertThat(operations.get(0).path("resource").asString() + "." + operations.get(0).path("action").asString())
                .isEqualTo("paymentMethod.read");
        assertThat(operations.get(0).path("data").path("paymentMethods").size())
                .isEqualTo(SandboxData.load("tmobile").paymentMethods().size());
        assertThat(operations.get(1).path("data").path("billing").size()).isEqualTo(1);
        assertThat(operations.get(2).path("data").path("billing").size()).isEqualTo(2);
    }

    @Test
    void the_device_runtime_sends_the_person_to_the_return_url_with_the_link_id() throws Exception {
        java.util.concurrent.CompletableFuture<String> visited = new java.util.concurrent.CompletableFuture<>();
        com.sun.net.httpserver.HttpServer shop = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        shop.createContext("/linked", exchange -> {
            visited.complete(exchange.getRequestURI().getQuery());
            byte[] page = "<html><body>Thanks</body></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        shop.start();
        try {
            String back = "http://127.0.0.1:" + shop.getAddress().getPort() + "/linked?order=7";
            JsonNode created = e2e.createLink("""
                    {"integrationId":"ubereats","resource":"orderHistory","action":"read","arguments":{"limit":1},
                     "returnUrl":"%s"}""".formatted(back));
            assertThat(e2e.device(created, "user_good").complete()).isTrue();
            assertThat(visited.get(10, java.util.concurrent.TimeUnit.SECONDS))
                    .isEqualTo("order=7&linkId=" + created.get("linkId").asString());
        } finally {
            shop.stop(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmobile", "ubereats", "apple-review"})
    void a_user_with_mfa_logs_in_with_the_code(String id) {
        String body = switch (id) {
            case "tmobile" -> "{\"integrationId\":\"tmobile\",\"resource\":\"mobileBillingStatement\",\"action\":\"read\",\"arguments\":{\"limit\":1}}";
            case "ubereats" -> "{\"integrationId\":\"ubereats\",\"resource\":\"orderHistory\",\"action\":\"read\",\"arguments\":{\"limit\":1}}";
            default -> "{\"integrationId\":\"apple-review\",\"resource\":\"readHistory\",\"action\":\"read\",\"arguments\":{\"limit\":1}}";
        };
        JsonNode result = complete(body, "user_mfa");
        assertThat(result.toString()).isNotEqualTo("{}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"user_bad", "user_locked"})
    void a_wrong_password_or_a_locked_account_fails_then_a_good_user_completes(String user) {
        JsonNode created = e2e.createLink("""
                {"integrationId":"att","resource":"paymentMethod","action":"read"}""");
        String linkId = created.get("linkId").asString();
        e2e.device(created, user);
        JsonNode failed = e2e.settledLink(linkId);
        assertThat(failed.path("status").asString()).as(failed.toString()).isEqualTo("failed");
        assertThat(failed.path("error").path("code").asString()).isEqualTo("AUTOMATION_ERROR");
        // Passage's own words in the message; what AT&T's page said (its text and code) in the details.
        assertThat(failed.path("error").path("message").asString()).startsWith("AT&T refused the sign-in");
        assertThat(failed.path("error").path("details").asString())
                .contains(user.equals("user_bad") ? "[invalid_credentials]" : "[locked]");
        assertThat(failed.path("error").path("reason").asString())
                .isEqualTo(user.equals("user_bad") ? "invalid_credentials" : "account_locked");

        DeviceRuntime.Outcome again = e2e.device(created, "user_good");
        assertThat(again.complete()).isTrue();
        assertThat(e2e.settledLink(linkId).path("status").asString()).isEqualTo("complete");
    }
}
