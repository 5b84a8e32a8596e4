package dev.passage.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.sdk.model.BillingAddress;
import dev.passage.sdk.model.CreatedLink;
import dev.passage.sdk.model.Link;
import dev.passage.sdk.model.LinkPage;
import dev.passage.sdk.model.LinkStatus;
import dev.passage.sdk.model.Operation;
import dev.passage.sdk.model.Provider;
import dev.passage.sdk.params.LinkCreateParams;
import dev.passage.sdk.params.LinkListParams;
import dev.passage.sdk.params.OperationParams;
import dev.passage.sdk.params.PaymentMethodWriteArguments;
import dev.passage.sdk.testing.SharedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Links and providers against the real server over HTTP. */
class LinksTest {
    private final PassageClient passage = SharedServer.newClient();


    private static LinkCreateParams tmobileRead(String user) {
        return LinkCreateParams.builder().integrationId("tmobile").operation("paymentMethod", "read")
                .externalUserId(user).build();
    }

    @Test
    void a_link_created_with_the_sdk_reads_back_with_every_field() {
        CreatedLink created = passage.links().create(LinkCreateParams.builder()
                .integrationId("tmobile")
                .operation("paymentMethod", "read")
                .externalUserId("user_123")
                .webhookUrl("https://api.example.com/webhooks/passage")
                .debug(true)
                .expiresIn(Duration.ofHours(2))
                .build());

        assertThat(created.linkId()).startsWith("link_");
        assertThat(created.claimCode()).startsWith("clm_");
        assertThat(created.appClipUrl()).contains(created.claimCode());
        assertThat(created.status()).isEqualTo(LinkStatus.PENDING);
        assertThat(created.integrationId()).isEqualTo("tmobile");
        assertThat(created.operations()).extracting(Operation::key).containsExactly("paymentMethod.read");
        assertThat(created.resource()).isEqualTo("paymentMethod");
        assertThat(created.action()).isEqualTo("read");
        assertThat(Duration.between(created.createdAt(), created.expiresAt())).isEqualTo(Duration.ofHours(2));
        assertThat(created.toString()).doesNotContain(created.claimCode());

        Link link = passage.links().get(created.linkId());
        assertThat(link.id()).isEqualTo(created.linkId());
        assertThat(link.integrationId()).isEqualTo("tmobile");
        assertThat(link.externalUserId()).contains("user_123");
        assertThat(link.status()).isEqualTo(LinkStatus.PENDING);
        assertThat(link.currentSessionId()).isEmpty();
        assertThat(link.result()).isEmpty();
        assertThat(link.error()).isEmpty();
        assertThat(link.operationResults()).isEmpty();
        assertThat(link.expiresAt()).isEqualTo(created.expiresAt());
        assertThat(link.createdAt()).isEqualTo(created.createdAt());
        assertThat(link.updatedAt()).isEqualTo(created.createdAt());
        assertThat(link.json().get("id").asText()).isEqualTo(created.linkId());
    }

    @Test
    void a_multi_operation_link_with_typed_arguments_keeps_its_operations_in_order() {
        PaymentMethodWriteArguments card = PaymentMethodWriteArguments.builder()
                .cardNumber("4242424242424242").expirationDate("04/29").cvv("123").nameOnCard("Ada Lovelace")
                .billingZip("94107")
                .billingAddress(BillingAddress.of("1 Main St", null, "San Francisco", "CA", "US"))
                .dryRun(true)
                .build();
        CreatedLink created = passage.links().create(LinkCreateParams.builder()
                .integrationId("att")
                .addOperation(OperationParams.paymentMethodWrite(card))
                .addOperation(OperationParams.read("mobileBillingStatement", 3))
                .build());

        Link link = passage.links().get(created.linkId());
        assertThat(link.operations()).extracting(Operation::key)
                .containsExactly("paymentMethod.write", "mobileBillingStatement.read");
        assertThat(link.resource()).isEqualTo("paymentMethod");
        assertThat(link.action()).isEqualTo("write");
        assertThat(link.json().toString()).doesNotContain("4242424242424242");
        assertThat(card.toString()).doesNotContain("4242424242424242").doesNotContain("123,");
    }

    @Test
    void arbitrary_json_arguments_are_sent_as_given() {
        CreatedLink created = passage.links().create(LinkCreateParams.builder()
                .integrationId("ubereats")
                .operation("orderHistory", "read", dev.passage.sdk.internal.Json.object().put("limit", 5))
                .build());

        assertThat(passage.links().get(created.linkId()).operations()).extracting(Operation::key)
                .containsExactly("orderHistory.read");
    }

    @Test
    void listing_pages_through_every_link_newest_first() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(0, passage.links().create(tmobileRead("user_paged")).linkId());
            SharedServer.get().clock.advance(Duration.ofMillis(5));
        }
        LinkListParams query = LinkListParams.builder().externalUserId("user_paged").limit(3).build();

        LinkPage first = passage.links().list(query);
        assertThat(first.links()).extracting(Link::id).containsExactlyElementsOf(ids.subList(0, 3));
        assertThat(first.nextCursor()).isPresent();
        assertThat(first.links()).allSatisfy(l -> assertThat(l.result()).isEmpty());

        LinkPage second = passage.links().list(query.withCursor(first.nextCursor().orElseThrow()));
        assertThat(second.links()).extracting(Link::id).containsExactlyElementsOf(ids.subList(3, 6));

        assertThat(passage.links().listAll(query)).extracting(Link::id).containsExactlyElementsOf(ids);
        assertThat(passage.links().listAll(query).stream().map(Link::id).toList()).isEqualTo(ids);
    }

    @Test
    void listing_filters_by_status_and_integration() {
        passage.links().create(tmobileRead("user_filter"));
        passage.links().create(LinkCreateParams.builder().integrationId("verizon").operation("paymentMethod", "read")
                .externalUserId("user_filter").build());

        assertThat(passage.links().listAll(LinkListParams.builder().externalUserId("user_filter").integrationId("verizon").build()))
                .extracting(Link::integrationId).containsExactly("verizon");
        assertThat(passage.links().listAll(LinkListParams.builder().externalUserId("user_filter")
                .status(LinkStatus.COMPLETE).build())).isEmpty();
        assertThat(passage.links().listAll(LinkListParams.builder().externalUserId("user_filter")
                .status(LinkStatus.PENDING).build())).hasSize(2);
    }

    @Test
    void providers_list_every_integration_with_its_json_schemas() {
        List<Provider> providers = passage.providers().list();

        assertThat(providers).extracting(Provider::id)
                .contains("tmobile", "att", "verizon", "ubereats", "apple-review");
        Provider tmobile = providers.stream().filter(p -> p.id().equals("tmobile")).findFirst().orElseThrow();
        assertThat(tmobile.name()).isEqualTo("T-Mobile");
        var write = tmobile.resource("paymentMethod").orElseThrow().operation("write").orElseThrow();
        assertThat(write.argumentsSchema().orElseThrow().at("/properties/cardNumber/writeOnly").asBoolean()).isTrue();
        assertThat(write.resultSchema()).isPresent();
        assertThat(tmobile.resource("mobileBillingStatement").orElseThrow().operation("read")).isPresent();
    }
}
