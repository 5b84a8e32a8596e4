package dev.passage.server.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** GET /v1/providers over real HTTP. */
@PassageServer
class ProvidersApiTest {
    TestServer server;
    JsonNode providers;

    @BeforeEach
    void readProviders() {
        var r = server.get("/v1/providers", server.newOrgKey());
        assertThat(r.status()).isEqualTo(200);
        providers = r.json().get("providers");
    }

    @Test
    void every_integration_resource_and_action_of_the_spec_is_listed() {
        List<String> operations = new ArrayList<>();
        providers.forEach(p -> p.get("resources").forEach(r -> r.get("operations").propertyNames()
                .forEach(action -> operations.add(p.get("id").asString() + " " + r.get("name").asString() + " " + action))));

        assertThat(operations).containsExactlyInAnyOrder(
                "apple-review readHistory read",
                "att paymentMethod read", "att paymentMethod write", "att mobileBillingStatement read",
                "tmobile paymentMethod read", "tmobile paymentMethod write", "tmobile mobileBillingStatement read",
                "ubereats orderHistory read",
                "verizon paymentMethod read", "verizon paymentMethod write", "verizon mobileBillingStatement read");
    }

    @Test
    void providers_have_ids_names_and_the_spec_shape() {
        JsonNode tmobile = provider("tmobile");
        assertThat(tmobile.propertyNames()).containsExactly("id", "name", "resources");
        assertThat(tmobile.get("name").asString()).isEqualTo("T-Mobile");
        assertThat(provider("att").get("name").asString()).isEqualTo("AT&T");
        assertThat(provider("ubereats").get("name").asString()).isEqualTo("Uber Eats");
        JsonNode read = operation("tmobile", "paymentMethod", "read");
        assertThat(read.propertyNames()).containsExactly("description", "arguments", "result");
        assertThat(read.get("arguments").isNull()).isTrue();
        assertThat(read.get("description").asString()).isNotBlank();
    }

    @Test
    void argument_and_result_schemas_are_draft_2020_12_documents_faithful_to_the_spec() {
        JsonNode write = operation("verizon", "paymentMethod", "write");
        JsonNode args = write.get("arguments");
        assertThat(args.get("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(args.get("required")).extracting(JsonNode::asString)
                .containsExactlyInAnyOrder("cardNumber", "expirationDate", "cvv", "nameOnCard", "billingZip");
        assertThat(args.get("properties").propertyNames())
                .contains("billingAddress", "dryRun");
        assertThat(args.at("/properties/billingAddress/required")).extracting(JsonNode::asString)
                .containsExactlyInAnyOrder("line1", "city", "state");
        assertThat(args.at("/properties/cardNumber/writeOnly").asBoolean()).isTrue();

        JsonNode pm = operation("att", "paymentMethod", "read").get("result");
        assertThat(pm.at("/properties/paymentMethods/items/required")).extracting(JsonNode::asString)
                .containsExactlyInAnyOrder("order", "vendorId", "last4", "type", "isDefault", "raw");
        assertThat(pm.at("/properties/paymentMethods/items/properties/type/enum")).extracting(JsonNode::asString)
                .containsExactly("credit_card", "debit_card", "bank_account", "other");

        JsonNode billing = operation("tmobile", "mobileBillingStatement", "read");
        assertThat(billing.at("/arguments/properties/limit/type").asString()).isEqualTo("integer");
        assertThat(billing.at("/result/properties/billing/items/required")).extracting(JsonNode::asString)
                .containsExactlyInAnyOrder("periodStart", "amountDue", "currency");
        assertThat(operation("ubereats", "orderHistory", "read").at("/result/required")).extracting(JsonNode::asString)
                .containsExactlyInAnyOrder("orderCount", "orders");
        assertThat(operation("apple-review", "readHistory", "read").at("/result/properties/history/items/required"))
                .extracting(JsonNode::asString).containsExactlyInAnyOrder("id", "title", "source", "duration", "readAt");
    }

    private JsonNode provider(String id) {
        for (JsonNode p : providers) {
            if (p.get("id").asString().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no provider " + id);
    }

    private JsonNode operation(String id, String resource, String action) {
        for (JsonNode r : provider(id).get("resources")) {
            if (r.get("name").asString().equals(resource)) {
                return r.get("operations").get(action);
            }
        }
        throw new AssertionError("no resource " + resource);
    }
}
