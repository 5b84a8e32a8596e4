package dev.passage.sdk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passage.sdk.internal.Json;
import dev.passage.sdk.webhooks.VerificationKey;
import dev.passage.sdk.webhooks.WebhookSigner;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * How models read JSON a newer server may send (unknown fields and statuses), and the two shapes of
 * a link's result. The real server's answers are read in the API tests; these are the shapes it
 * does not send yet.
 */
class ModelsTest {
    private static JsonNode json(String text) {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static final String LINK_FIELDS = """
            "id":"link_1","integrationId":"att","externalUserId":null,"currentSessionId":"session_1",
            "expiresAt":1795608000000,"createdAt":1795593600000,"updatedAt":1795594000000,""";

    @Test
    void unknown_fields_are_kept_in_the_json_and_break_nothing() {
        Link link = Link.fromJson(json("{" + LINK_FIELDS + """
                "operations":[{"resource":"paymentMethod","action":"read","cost":3}],"status":"complete",
                "result":{"paymentMethods":[]},"error":null,"region":"eu-west"}"""));

        assertThat(link.json().get("region").asText()).isEqualTo("eu-west");
        assertThat(link.operations().get(0).json().get("cost").asInt()).isEqualTo(3);
        assertThat(link.resource()).isEqualTo("paymentMethod");
        assertThat(link.externalUserId()).isEmpty();
    }

    @Test
    void a_status_a_newer_server_adds_reads_as_unknown() {
        Link link = Link.fromJson(json("{" + LINK_FIELDS + "\"operations\":[],\"status\":\"paused\"}"));

        assertThat(link.status()).isEqualTo(LinkStatus.UNKNOWN);
        assertThat(link.json().get("status").asText()).isEqualTo("paused");
        assertThat(PaymentMethodType.fromWire("crypto_wallet")).isEqualTo(PaymentMethodType.UNKNOWN);
    }

    @Test
    void a_multi_operation_result_lists_each_operation_in_order_even_the_same_one_twice() {
        Link link = Link.fromJson(json("{" + LINK_FIELDS + """
                "operations":[{"resource":"paymentMethod","action":"write"},{"resource":"paymentMethod","action":"write"},
                              {"resource":"mobileBillingStatement","action":"read"}],"status":"complete",
                "result":{"operations":[
                  {"resource":"paymentMethod","action":"write","data":{"dryRun":true,"card":{"last4":"4242","nickname":"Work"}}},
                  {"resource":"paymentMethod","action":"write","data":{"success":true,"card":{"last4":"1881"}}},
                  {"resource":"mobileBillingStatement","action":"read","data":{"billing":[
                    {"statementId":"st_1","periodStart":"2026-10-01","periodEnd":"2026-10-31","dueDate":"2026-11-20",
                     "amountDue":84.10,"currency":"USD"}]}}]}}"""));

        assertThat(link.operationResults()).extracting(r -> r.resource() + "." + r.action())
                .containsExactly("paymentMethod.write", "paymentMethod.write", "mobileBillingStatement.read");
        PaymentMethodWrite first = link.operationResults().get(0).as(PaymentMethodWrite.class);
        PaymentMethodWrite second = link.operationResults().get(1).as(PaymentMethodWrite.class);
        assertThat(first.dryRun()).isTrue();
        assertThat(first.card().nickname()).contains("Work");
        assertThat(second.success()).isTrue();
        assertThat(second.card().last4()).isEqualTo("1881");
        BillingStatement bill = link.result().orElseThrow().as(BillingStatements.class).billing().get(0);
        assertThat(bill.amountDue()).isEqualByComparingTo("84.10");
        assertThat(bill.amountDue().scale()).isEqualTo(2);
        assertThat(bill.statementId()).contains("st_1");
        assertThat(link.result().orElseThrow().as(PaymentMethodWrite.class).dryRun()).isTrue();
        assertThatThrownBy(() -> link.result().orElseThrow().as(ReadHistory.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no readHistory.read result");
    }

    @Test
    void a_result_keyed_by_operation_reads_the_same_way() {
        Link link = Link.fromJson(json("{" + LINK_FIELDS + """
                "operations":[{"resource":"paymentMethod","action":"read"},{"resource":"mobileBillingStatement","action":"read"}],
                "status":"complete","result":{"paymentMethod.read":{"paymentMethods":[]},
                  "mobileBillingStatement.read":{"billing":[]}}}"""));

        assertThat(link.operationResults()).extracting(OperationResult::resource)
                .containsExactly("paymentMethod", "mobileBillingStatement");
        assertThat(link.result().orElseThrow().as(BillingStatements.class).billing()).isEmpty();
        assertThat(LinkResult.fromJson(link.result().orElseThrow().json()).operationResults()).hasSize(2);
    }

    @Test
    void a_webhook_result_of_several_operations_is_recognised_without_the_links_operations() {
        LinkResult result = LinkResult.fromJson(json("""
                {"operations":[{"resource":"orderHistory","action":"read","data":{"orderCount":2,"orders":[{"id":"o1"}]}},
                               {"resource":"readHistory","action":"read","data":{"history":[{"id":"h1","title":"Dune",
                                "source":"kindle","duration":95.5,"readAt":"2026-11-01T10:00:00Z"}]}}]}"""));

        assertThat(result.as(OrderHistory.class).orderCount()).isEqualTo(2);
        assertThat(result.as(OrderHistory.class).orders().get(0).get("id").asText()).isEqualTo("o1");
        assertThat(result.as(ReadHistory.class).history().get(0).title()).isEqualTo("Dune");
        LinkResult single = LinkResult.fromJson(json("{\"orderCount\":0,\"orders\":[]}"));
        assertThat(single.operationResults()).singleElement().satisfies(r -> assertThat(r.resource()).isEmpty());
    }

    @Test
    void a_result_binds_to_a_type_of_your_own() {
        record Summary(int orderCount) {}
        LinkResult result = LinkResult.fromJson(json("{\"orderCount\":4,\"orders\":[],\"later\":true}"));

        assertThat(result.as(Summary.class).orderCount()).isEqualTo(4);
        assertThat(result.as(JsonNode.class).get("later").asBoolean()).isTrue();
    }

    @Test
    void a_models_json_cannot_be_changed_from_outside() {
        ObjectNode source = (ObjectNode) json("{\"periodStart\":\"2026-10-01\",\"amountDue\":1,\"currency\":\"USD\"}");
        BillingStatement bill = BillingStatement.fromJson(source);
        source.put("currency", "EUR");
        ((ObjectNode) bill.json()).put("currency", "GBP");

        assertThat(bill.json().get("currency").asText()).isEqualTo("USD");
    }

    @Test
    void a_verification_key_names_its_algorithm_as_algorithm_or_alg() {
        VerificationKey key = WebhookSigner.generate().verificationKey();
        ObjectNode older = (ObjectNode) key.json();
        older.remove("algorithm");
        older.put("alg", "ES256").put("created_at", 1795593600000L).putNull("retired_at");

        VerificationKey read = VerificationKey.fromJson(older);

        assertThat(read.algorithm()).isEqualTo("ES256");
        assertThat(read.retired()).isFalse();
        assertThat(read.createdAt()).isPresent();
    }
}
