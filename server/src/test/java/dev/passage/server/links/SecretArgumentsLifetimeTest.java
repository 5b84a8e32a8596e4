package dev.passage.server.links;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A card number to write lives no longer than the link can use it (links.max-secret-expires-in-seconds). */
@PassageServer(settings = {"links.max-secret-expires-in-seconds=3600"})
class SecretArgumentsLifetimeTest {
    private static final String CARD = """
            "arguments":{"cardNumber":"4111111111111111","expirationDate":"12/29","cvv":"987","nameOnCard":"Ada Lovelace",
              "billingZip":"94107"}""";

    TestServer server;

    @PassageServer.Key
    String key;

    private TestServer.Response create(String extra) {
        return server.postJson("/v1/links", key, "{\"integrationId\":\"verizon\",\"resource\":\"paymentMethod\","
                + "\"action\":\"write\"," + CARD + extra + "}");
    }

    @Test
    void a_link_with_secret_arguments_may_not_ask_to_live_longer_than_the_secret_lifetime() {
        TestServer.Response tooLong = create(",\"expiresIn\":3601");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("expiresIn").contains("at most 3600 seconds");

        assertThat(create(",\"expiresIn\":3600").status()).isEqualTo(201);
        assertThat(server.postJson("/v1/links", key, """
                {"integrationId":"verizon","resource":"paymentMethod","action":"read","expiresIn":86400}""").status())
                .isEqualTo(201);
    }

    @Test
    void without_expires_in_a_link_with_secret_arguments_gets_the_secret_lifetime() {
        TestServer.Response created = create("");
        assertThat(created.status()).isEqualTo(201);
        String linkId = created.json().get("linkId").asString();
        long expiresAt = server.get("/v1/links/" + linkId, key).json().get("expiresAt").asLong();
        assertThat(expiresAt).isEqualTo(server.clock.millis() + 3_600_000);
    }

    @Test
    void past_the_links_expiry_its_secrets_are_not_opened_and_the_sweep_deletes_them() {
        String linkId = create(",\"expiresIn\":60").json().get("linkId").asString();
        assertThat(server.passage.links().openSecretArguments(linkId)).isPresent();

        server.clock.advance(Duration.ofSeconds(61));
        assertThat(server.passage.links().openSecretArguments(linkId)).isEmpty();
        server.passage.links().expireDue();
        String sealed = server.passage.database().read(h -> h.createQuery("SELECT sealed_arguments FROM links WHERE id = :id")
                .bind("id", linkId).mapTo(String.class).one());
        assertThat(sealed).isNull();
    }
}
