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
        expected.put("64:ff9b:1::a00:1", "local NAT64");
        expected.put("2002:7f00:1::1", "loopback (IPv4 inside 6to4)");
        expected.put("2002:5db8:d822::1", "6to4");
        expected.put("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo");
        for (var e : expected.entrySet()) {
            assertThat(AddressPolicy.refusal(InetAddress.getByName(e.getKey()))).as(e.getKey()).contains(e.getValue());
        }
        for (String open : List.of("93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "172.32.0.1")) {
            assertThat(AddressPolicy.refusal(InetAddress.getByName(open))).as(open).isEmpty();
        }
    }

    @Test
    void the_address_checked_is_the_address_dialled_and_the_url_keeps_its_name() throws Exception {
        try (Receiver receiver = Receiver.answering(200)) {
            int port = java.net.URI.create(receiver.url("/hook")).getPort();
            java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
            // A rebinding name: a public address when it is checked, the receiver's loopback on any later look-up.
            WebhookSender.Lookup rebinding = host -> lookups.getAndIncrement() == 0
                    ? new InetAddress[] {InetAddress.getByName("192.0.2.10")}
                    : new InetAddress[] {InetAddress.getByName("127.0.0.1")};
            try (WebhookSender sender = new WebhookSender(Duration.ofMillis(800), false, java.time.Clock.systemUTC(), rebinding)) {
                WebhookSender.Outcome outcome = sender.send("http://rebind.example:" + port + "/hook", Map.of(), new byte[] {'{', '}'});
                assertThat(outcome.delivered()).isFalse();
                assertThat(outcome.error()).isIn("could not connect to rebind.example:" + port, "timed out after 800 ms",
                        "connection timed out after 800 ms");
            }
            assertThat(lookups.get()).isEqualTo(1);
            assertThat(receiver.received()).isEmpty();

            WebhookSender.Lookup local = host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")};
            try (WebhookSender sender = new WebhookSender(Duration.ofSeconds(5), true, java.time.Clock.systemUTC(), local)) {
                WebhookSender.Outcome outcome = sender.send("http://hooks.example:" + port + "/hook", Map.of(), new byte[] {'{', '}'});
                assertThat(outcome.delivered()).as(String.valueOf(outcome.error())).isTrue();
            }
            assertThat(receiver.received()).singleElement()
                    .satisfies(r -> assertThat(r.headers().getFirst("Host")).isEqualTo("hooks.example:" + port));
            try (WebhookSender sender = new WebhookSender(Duration.ofSeconds(5), false, java.time.Clock.systemUTC(), local)) {
                assertThat(sender.send("http://hooks.example:" + port + "/hook", Map.of(), new byte[0]).error())
                        .isEqualTo("refused: hooks.example resolves to 127.0.0.1, a loopback address; "
                                + "webhooks.allow-private-addresses is false");
            }
            assertThat(receiver.received()).hasSize(1);
        }
    }

    @Test
    void attempt_errors_are_in_passage_own_words() throws Exception {
        try (WebhookSender sender = new WebhookSender(Duration.ofSeconds(2), true, java.time.Clock.systemUTC())) {
            int closed;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                closed = s.getLocalPort();
            }
            assertThat(sender.send("http://127.0.0.1:" + closed + "/hook", Map.of(), new byte[0]).error())
                    .isEqualTo("could not connect to 127.0.0.1:" + closed);
            assertThat(sender.send("http://no-such-host.invalid/hook", Map.of(), new byte[0]).error())
                    .isEqualTo("could not resolve host no-such-host.invalid");
            assertThat(sender.send("http://example.com:65536/hook", Map.of(), new byte[0]).error())
                    .isEqualTo("refused: the webhook URL's port is out of range");
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
