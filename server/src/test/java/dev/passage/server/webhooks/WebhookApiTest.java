package dev.passage.server.webhooks;

import static dev.passage.server.webhooks.WebhookFixtures.complete;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSObject;
import dev.passage.server.cli.PassageCli;
import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import dev.passage.server.testing.TestServer.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The verification key endpoint, key rotation by CLI, and a link's deliveries and resend over HTTP. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgresql"})
@PassageServer(settings = {"webhooks.poll-interval-millis=20"})
class WebhookApiTest {
    TestServer server;

    @Parameter
    String database;

    String key;
    String orgId;
    Receiver receiver;

    @BeforeEach
    void newOrganization() {
        key = server.newOrgKey();
        orgId = server.passage.orgs().authenticate(key);
        receiver = Receiver.answering(200);
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private String createLink(String apiKey, String webhookUrl) {
        Response r = server.postJson("/v1/links", apiKey, """
                {"integrationId":"tmobile","resource":"paymentMethod","action":"read","webhookUrl":"%s"}""".formatted(webhookUrl));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("linkId").asString();
    }

    private Response verificationKey(String body) {
        return server.postJson("/webhook_verification_key/get", null, body);
    }

    @Test
    void the_verification_key_endpoint_serves_the_current_key_as_pem_without_an_api_key() throws Exception {
        SigningKey current = server.passage.webhooks().ensureSigningKey();

        Response r = verificationKey("{\"key_id\":\"" + current.kid() + "\"}");

        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.propertyNames()).containsExactly("key_id", "key", "algorithm", "created_at", "retired_at");
        assertThat(body.get("key_id").asString()).isEqualTo(current.kid());
        assertThat(body.get("algorithm").asString()).isEqualTo("ES256");
        assertThat(body.get("retired_at").isNull()).isTrue();
        ECPublicKey key = Signatures.parsePem(body.get("key").asString());
        assertThat(key.getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
    }

    @Test
    void an_unknown_key_id_is_404() {
        Response r = verificationKey("{\"key_id\":\"whk_00000000-0000-0000-0000-000000000000\"}");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("error").asString()).contains("No webhook verification key");
    }

    @Test
    void a_bad_verification_key_request_is_400_in_the_spec_error_shape() {
        for (String bad : List.of("{}", "{\"key_id\":\"\"}", "{\"key_id\":42}", "{\"key_id\":null}", "{\"key_id\":", "[]")) {
            Response r = verificationKey(bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.json().get("error").asString()).as(bad).isNotBlank();
            assertThat(r.body()).doesNotContain("Exception");
        }
        assertThat(verificationKey("{}").json().get("issues").get(0).get("path").asString()).isEqualTo("key_id");
        assertThat(server.post("/webhook_verification_key/get", null, "text/plain", "key_id").status()).isEqualTo(415);
    }

    @Test
    void rotating_the_key_by_cli_signs_new_deliveries_with_the_new_kid_while_old_signatures_still_verify() throws Exception {
        String url = receiver.url("/hook");
        String first = createLink(key, url);
        complete(server.passage, server.clock, orgId, first, url).orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
        String oldKid = Signatures.verify(server, receiver.received().getFirst()).getHeader().getKeyID();
        server.clock.advance(Duration.ofSeconds(1));

        String[] out = cli("webhook-key", "rotate");
        String newKid = out[out.length - 1];

        assertThat(newKid).startsWith("whk_").isNotEqualTo(oldKid);
        String second = createLink(key, url);
        complete(server.passage, server.clock, orgId, second, url).orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 2);
        JWSObject fresh = Signatures.verify(server, receiver.received().get(1));
        assertThat(fresh.getHeader().getKeyID()).isEqualTo(newKid);
        JWSObject old = Signatures.verify(server, receiver.received().getFirst());
        assertThat(old.getHeader().getKeyID()).isEqualTo(oldKid);
        JsonNode retired = verificationKey("{\"key_id\":\"" + oldKid + "\"}").json();
        assertThat(retired.get("retired_at").isNull()).isFalse();
        assertThat(verificationKey("{\"key_id\":\"" + newKid + "\"}").json().get("retired_at").isNull()).isTrue();
        assertThat(String.join("\n", cli("webhook-key", "list"))).contains(oldKid + " ").contains("retired").contains(newKid);
    }

    /** Runs the CLI against the test server's database and data directory; returns its output lines. */
    private String[] cli(String... command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = PassageCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] args = Arrays.copyOf(command, command.length + 5);
        args[command.length] = "--database-url=" + server.passage.config().database().url();
        args[command.length + 1] = "--data-dir=" + server.passage.config().dataDir();
        args[command.length + 2] = "--env=sandbox";
        args[command.length + 3] = "--public-url=http://localhost:1";
        args[command.length + 4] = "--config=" + masterKeyConfig();
        int code = cli.execute(args);
        assertThat(code).as(err.toString()).isZero();
        return out.toString().strip().split("\n");
    }

    /** The operator's config file holding the deployment's master secret, which the CLI shares with the server. */
    private static String masterKeyConfig() {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("passage-cli", ".properties");
            java.nio.file.Files.writeString(file, "secrets.master-key=" + dev.passage.server.testing.TestServer.TEST_MASTER_KEY + "\n");
            return file.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void the_deliveries_endpoint_lists_a_links_deliveries_with_their_attempts() {
        String url = receiver.url("/hook");
        String linkId = createLink(key, url);
        assertThat(server.get("/v1/links/" + linkId + "/webhooks", key).json().get("deliveries")).isEmpty();
        String id = complete(server.passage, server.clock, orgId, linkId, url).orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                server.get("/v1/links/" + linkId + "/webhooks", key).json().get("deliveries").get(0).get("attempts").size() == 1);

        Response r = server.get("/v1/links/" + linkId + "/webhooks", key);

        assertThat(r.status()).isEqualTo(200);
        JsonNode d = r.json().get("deliveries").get(0);
        assertThat(d.propertyNames()).containsExactly("id", "linkId", "event", "url", "status", "resendOf", "payload",
                "nextAttemptAt", "createdAt", "attempts");
        assertThat(d.get("id").asString()).isEqualTo(id);
        assertThat(d.get("event").asString()).isEqualTo("link.complete");
        assertThat(d.get("url").asString()).isEqualTo(url);
        assertThat(d.get("status").asString()).isEqualTo("delivered");
        assertThat(d.get("payload").get("linkId").asString()).isEqualTo(linkId);
        JsonNode attempt = d.get("attempts").get(0);
        assertThat(attempt.propertyNames()).containsExactly("number", "startedAt", "statusCode", "latencyMs", "error", "keyId");
        assertThat(attempt.get("number").asInt()).isEqualTo(1);
        assertThat(attempt.get("statusCode").asInt()).isEqualTo(200);
        assertThat(attempt.get("error").isNull()).isTrue();
    }

    @Test
    void resend_makes_a_new_delivery_with_the_same_body_and_a_fresh_signature() throws Exception {
        String url = receiver.url("/hook");
        String linkId = createLink(key, url);
        String original = complete(server.passage, server.clock, orgId, linkId, url).orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
        server.clock.advance(Duration.ofSeconds(30));

        Response r = server.postJson("/v1/links/" + linkId + "/webhooks/resend", key, "");

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String resent = r.json().get("id").asString();
        assertThat(resent).startsWith("whd_").isNotEqualTo(original);
        assertThat(r.json().get("resendOf").asString()).isEqualTo(original);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 2);
        Receiver.Received first = receiver.received().get(0);
        Receiver.Received second = receiver.received().get(1);
        assertThat(second.deliveryId()).isEqualTo(resent);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header("X-Passage-Signature")).isNotEqualTo(first.header("X-Passage-Signature"));
        assertThat(Long.parseLong(second.header("X-Passage-Timestamp")))
                .isEqualTo(Long.parseLong(first.header("X-Passage-Timestamp")) + 30);
        Signatures.verify(server, second);
        assertThat(server.get("/v1/links/" + linkId + "/webhooks", key).json().get("deliveries")).hasSize(2);
    }

    @Test
    void another_organizations_link_and_a_link_without_webhooks_are_404() {
        String url = receiver.url("/hook");
        String linkId = createLink(key, url);
        String quiet = createLink(key, url);
        complete(server.passage, server.clock, orgId, linkId, url).orElseThrow();
        String otherKey = server.newOrgKey();

        assertThat(server.get("/v1/links/" + linkId + "/webhooks", otherKey).status()).isEqualTo(404);
        assertThat(server.postJson("/v1/links/" + linkId + "/webhooks/resend", otherKey, "").status()).isEqualTo(404);
        assertThat(server.get("/v1/links/link_nope/webhooks", key).status()).isEqualTo(404);
        Response noneYet = server.postJson("/v1/links/" + quiet + "/webhooks/resend", key, "");
        assertThat(noneYet.status()).isEqualTo(404);
        assertThat(noneYet.json().get("error").asString()).contains("no webhook to resend");
        assertThat(server.get("/v1/links/" + linkId + "/webhooks", null).status()).isEqualTo(401);
    }
}
