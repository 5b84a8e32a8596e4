package dev.passage.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passage.sdk.errors.AuthenticationException;
import dev.passage.sdk.errors.InvalidRequestException;
import dev.passage.sdk.errors.NotFoundException;
import dev.passage.sdk.errors.PassageException;
import dev.passage.sdk.params.LinkCreateParams;
import dev.passage.sdk.params.LinkListParams;
import dev.passage.sdk.params.PaymentMethodWriteArguments;
import dev.passage.sdk.testing.SharedServer;
import org.junit.jupiter.api.Test;

/** Each failure the real server answers today becomes its own exception, with the server's message and request id. */
class ErrorsTest {
    private final PassageClient passage = SharedServer.newClient();

    @Test
    void an_unknown_api_key_is_an_authentication_exception_with_the_request_id() {
        PassageClient stranger = SharedServer.client("psg_not_a_key_of_this_server");

        assertThatThrownBy(() -> stranger.links().get("link_whatever"))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(401);
                    assertThat(e.requestId()).hasValueSatisfying(id -> assertThat(e.getMessage()).contains(id));
                    assertThat(e.getMessage()).contains("HTTP 401").contains(e.errorMessage());
                });
    }

    @Test
    void a_missing_api_key_is_an_authentication_exception() {
        PassageClient anonymous = PassageClient.builder().baseUrl(SharedServer.baseUrl()).build();

        assertThatThrownBy(() -> anonymous.providers().list())
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("Missing API key");
    }

    @Test
    void invalid_arguments_are_an_invalid_request_exception_listing_every_issue_by_path() {
        LinkCreateParams params = LinkCreateParams.builder()
                .integrationId("tmobile")
                .operation("paymentMethod", "write", PaymentMethodWriteArguments.builder()
                        .cardNumber("4242424242424242").expirationDate("04/29").cvv("12x").nameOnCard("Ada")
                        .billingZip("nope").build())
                .build();

        assertThatThrownBy(() -> passage.links().create(params))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.errorMessage()).isEqualTo("Validation failed");
                    assertThat(e.issues()).extracting(InvalidRequestException.Issue::path)
                            .contains("arguments.cvv", "arguments.billingZip");
                    assertThat(e.getMessage()).contains("arguments.cvv").contains("request ");
                    assertThat(e.getMessage()).doesNotContain("4242424242424242");
                });
    }

    @Test
    void an_unknown_integration_and_an_unknown_field_are_reported_together() {
        LinkCreateParams params = LinkCreateParams.builder().integrationId("myspace").operation("friends", "read")
                .putExtra("webhookURL", com.fasterxml.jackson.databind.node.TextNode.valueOf("https://typo.example.com")).build();

        assertThatThrownBy(() -> passage.links().create(params))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.issues())
                        .extracting(InvalidRequestException.Issue::path).contains("integrationId", "webhookURL"));
    }

    @Test
    void a_cursor_the_api_did_not_return_is_an_invalid_request() {
        assertThatThrownBy(() -> passage.links().list(LinkListParams.builder().cursor("garbage").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.issues())
                        .extracting(InvalidRequestException.Issue::path).containsExactly("cursor"));
    }

    @Test
    void an_unknown_link_is_a_not_found_exception() {
        assertThatThrownBy(() -> passage.links().get("link_00000000-0000-0000-0000-000000000000"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.requestId()).isPresent();
                });
    }

    @Test
    void another_organizations_link_is_not_found() {
        String theirs = SharedServer.newClient().links().create(LinkCreateParams.builder().integrationId("tmobile")
                .operation("paymentMethod", "read").build()).linkId();

        assertThatThrownBy(() -> passage.links().get(theirs)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> passage.webhooks().deliveries(theirs)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void resending_for_a_link_that_sent_no_webhook_yet_is_not_found() {
        String linkId = passage.links().create(LinkCreateParams.builder().integrationId("tmobile")
                .operation("paymentMethod", "read").build()).linkId();

        assertThatThrownBy(() -> passage.webhooks().resend(linkId))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no webhook");
    }

    @Test
    void an_id_cannot_step_out_of_its_place_in_the_path() {
        assertThatThrownBy(() -> passage.links().get("../providers"))
                .isInstanceOf(PassageException.class)
                .isNotInstanceOf(dev.passage.sdk.errors.UnexpectedResponseException.class);
    }

    @Test
    void the_sandbox_endpoints_are_not_found_on_a_production_server() {
        try (dev.passage.server.testing.TestServer production = dev.passage.server.testing.TestServer.start("sqlite",
                java.util.Map.of("env", "production", "public-url", "https://connect.example.com"))) {
            PassageClient client = PassageClient.builder().apiKey(production.newOrgKey())
                    .baseUrl("http://127.0.0.1:" + production.passage.port()).build();
            String linkId = client.links().create(LinkCreateParams.builder().integrationId("tmobile")
                    .operation("paymentMethod", "read").build()).linkId();

            assertThatThrownBy(() -> client.sandbox().completeLink(linkId)).isInstanceOf(NotFoundException.class);
        }
    }
}
