package dev.passage.server.webhooks;

import static dev.passage.server.webhooks.WebhookFixtures.delivery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.passage.server.config.ConfigException;
import dev.passage.server.config.ConfigLoader;
import dev.passage.server.config.PassageConfig;
import dev.passage.server.testing.TestServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SSRF safety in production, the address rules themselves, and the webhook configuration keys. */
class WebhookSafetyTest {
    private static final String MASTER_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void in_production_webhooks_to_loopback_link_local_and_metadata_addresses_are_refused_and_nothing_is_sent() {
        try (Receiver receiver = Receiver.answering(200);
             TestServer server = TestServer.start("sqlite", Map.of(
                     "env", "production",
                     "public-url", "https://connect.example.com",
                     "secrets.master-key", MASTER_KEY,
                     "webhooks.poll-interval-millis", "20"))) {
            String key = server.newOrgKey();
            String orgId = server.passage.orgs().authenticate(key);
            String url = "https://127.0.0.1:" + receiver.port() + "/hook";
            TestServer.Response created = server.postJson("/v1/links", key, """
                    {"integrationId":"tmobile","resource":"paymentMethod","action":"read","webhookUrl":"%s"}""".formatted(url));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String linkId = created.json().get("linkId").asString();

            Map<String, String> refusals = new HashMap<>();
            for (String target : List.of(url, "https://localhost:" + receiver.port() + "/hook",
                    "https://169.254.169.254/latest/meta-data/", "https://[::1]:" + receiver.port() + "/hook",
                    "https://[fd00:ec2::254]/", "https://10.1.2.3/hook")) {
                String id = WebhookFixtures.complete(server.passage, server.clock, orgId, linkId, target).orElseThrow();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> delivery(server.passage, orgId, linkId, id).attempts().size() == 1);
                Delivery.Attempt attempt = delivery(server.passage, orgId, linkId, id).attempts().getFirst();
                assertThat(attempt.statusCode()).isNull();
                refusals.put(target, attempt.error());
            }

            assertThat(refusals.get(url)).isEqualTo("refused: 127.0.0.1 resolves to 127.0.0.1, a loopback address; "
                    + "webhooks.allow-private-addresses is false");
            assertThat(refusals.get("https://169.254.169.254/latest/meta-data/")).contains("a link-local address");
            assertThat(refusals.get("https://[fd00:ec2::254]/")).contains("a unique-local address");
            assertThat(refusals.get("https://10.1.2.3/hook")).contains("a private address");
            assertThat(refusals.values()).allSatisfy(e -> assertThat(e).startsWith("refused: "));
            assertThat(receiver.received()).isEmpty();
        }
    }

    @Test
    void addresses_outside_the_public_internet_are_refused_and_public_ones_are_not() throws Exception {
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("127.0.0.1", "loopback");
        expected.put("::1", "loopback");
        expected.put("0.0.0.0", "unspecified");
        expected.put("::", "unspecified");
        expected.put("10.0.0.1", "private");
        expected.put("172.16.5.4", "private");
        expected.put("192.168.1.1", "private");
        expected.put("169.254.169.254", "link-local");
        expected.put("fe80::1", "link-local");
        expected.put("fd00:ec2::254", "unique-local");
        expected.put("fc00::1", "unique-local");
        expected.put("224.0.0.1", "multicast");
        expected.put("ff02::1", "multicast");
        expected.put("100.64.0.1", "shared (carrier-grade NAT)");
        expected.put("::ffff:127.0.0.1", "loopback");
        expected.put("64:ff9b::a9fe:a9fe", "link-local (IPv4 inside IPv6)");
        for (var e : expected.entrySet()) {
            assertThat(AddressPolicy.refusal(InetAddress.getByName(e.getKey()))).as(e.getKey()).contains(e.getValue());
        }
        for (String open : List.of("93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "172.32.0.1")) {
            assertThat(AddressPolicy.refusal(InetAddress.getByName(open))).as(open).isEmpty();
        }
    }

    private static PassageConfig load(Map<String, String> settings) {
        return ConfigLoader.load(Map.of(), Optional.empty(), settings);
    }

    @Test
    void the_webhook_configuration_has_the_spec_defaults_and_private_addresses_follow_the_environment() {
        PassageConfig.Webhooks sandbox = load(Map.of()).webhooks();
        assertThat(sandbox.retrySchedule()).containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(sandbox.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(sandbox.allowPrivateAddresses()).isTrue();
        PassageConfig production = load(Map.of("env", "production", "public-url", "https://c.example.com",
                "secrets.master-key", MASTER_KEY));
        assertThat(production.webhooks().allowPrivateAddresses()).isFalse();
        assertThat(load(Map.of("env", "production", "public-url", "https://c.example.com", "secrets.master-key", MASTER_KEY,
                "webhooks.allow-private-addresses", "true")).webhooks().allowPrivateAddresses()).isTrue();
        assertThat(load(Map.of("webhooks.retry-schedule-seconds", "0, 10,60")).webhooks().retrySchedule())
                .containsExactly(Duration.ZERO, Duration.ofSeconds(10), Duration.ofMinutes(1));
    }

    @Test
    void a_bad_webhook_configuration_fails_with_one_sentence_naming_the_key() {
        for (String schedule : List.of("", "1,1", "5,1", "a,b", "0,-1", "0,,5")) {
            assertThatThrownBy(() -> load(Map.of("webhooks.retry-schedule-seconds", schedule))).as(schedule)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("webhooks.retry-schedule-seconds");
        }
        assertThatThrownBy(() -> load(Map.of("webhooks.allow-private-addresses", "yes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("webhooks.allow-private-addresses");
        assertThatThrownBy(() -> load(Map.of("webhooks.timeout-seconds", "30", "webhooks.lease-seconds", "30")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("webhooks.lease-seconds");
        assertThatThrownBy(() -> load(Map.of("webhooks.max-concurrent-sends", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("webhooks.max-concurrent-sends");
    }
}
