package dev.passage.server.links;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.passage.server.config.ConfigLoader;
import dev.passage.server.config.PassageConfig;
import dev.passage.server.errors.PassageException;
import dev.passage.server.errors.ValidationException;
import dev.passage.server.integrations.IntegrationRegistry;
import dev.passage.server.json.Json;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Any {@code POST /v1/links} body, read as the endpoint reads it, either becomes a link within the
 * documented limits or is refused with a 4xx: a {@link ValidationException} whose issues each name a
 * field and whose count grows at most linearly with the body. Never another exception (a 500). The
 * first byte picks sandbox or production rules; the rest is the body. Fuzzes a few seconds under
 * {@code ./mvnw verify} (bench/README.md has the longer runs).
 */
class LinkRequestsFuzzTest {
    private static final IntegrationRegistry REGISTRY = IntegrationRegistry.load(Optional.empty());
    private static final PassageConfig SANDBOX_CONFIG = ConfigLoader.load(Map.of(), Optional.empty(), Map.of());
    private static final LinkRequests SANDBOX = new LinkRequests(REGISTRY, SANDBOX_CONFIG);
    private static final PassageConfig PRODUCTION_CONFIG = ConfigLoader.load(Map.of(), Optional.empty(), Map.of(
            "env", "production", "public-url", "https://connect.example.com", "database.sqlite-synchronous", "FULL",
            "secrets.master-key", Base64.getEncoder().encodeToString(new byte[32])));
    private static final LinkRequests PRODUCTION = new LinkRequests(REGISTRY, PRODUCTION_CONFIG);

    @FuzzTest(maxDuration = "4s")
    @DictionaryEntries({"\"integrationId\"", "\"tmobile\"", "\"att\"", "\"verizon\"", "\"ubereats\"", "\"apple-review\"",
            "\"resource\"", "\"action\"", "\"arguments\"", "\"operations\"", "\"externalUserId\"", "\"webhookUrl\"",
            "\"returnUrl\"", "\"debug\"", "\"expiresIn\"", "\"paymentMethod\"", "\"mobileBillingStatement\"",
            "\"orderHistory\"", "\"readHistory\"", "\"read\"", "\"write\"", "\"limit\"", "\"cardNumber\"",
            "\"expirationDate\"", "\"cvv\"", "\"nameOnCard\"", "\"billingZip\"", "\"billingAddress\"", "\"line1\"",
            "\"city\"", "\"state\"", "\"country\"", "\"dryRun\"", "\"https://example.com/h\"", "\"http://127.0.0.1:1/\"",
            "\"myapp://callback\"", "\"javascript:alert(1)\"", "\"4111111111111111\"", "\"12/29\"", "2592000",
            "2592001", "86401", "9223372036854775807", "1e3", "-1", "null", "true", "{}", "[]"})
    void any_body_makes_a_link_within_limits_or_a_4xx(byte[] input) {
        if (input.length == 0) {
            return;
        }
        boolean production = (input[0] & 1) == 1;
        ObjectNode body;
        try {
            // Exactly how the endpoint reads it (http.RequestBodies): a parse error or a non-object is a 400 there.
            JsonNode node = Json.mapper().readTree(Arrays.copyOfRange(input, 1, input.length));
            if (!(node instanceof ObjectNode object)) {
                return;
            }
            body = object;
        } catch (JacksonException e) {
            return;
        }
        try {
            NewLink link = (production ? PRODUCTION : SANDBOX).parse(body);
            PassageConfig config = production ? PRODUCTION_CONFIG : SANDBOX_CONFIG;
            assertThat(link.operations()).hasSizeBetween(1, LinkRequests.MAX_OPERATIONS);
            assertThat(link.expiresIn()).isPositive().isLessThanOrEqualTo(config.links().maxExpiresIn());
            if (link.externalUserId() != null) {
                assertThat(link.externalUserId()).hasSizeBetween(1, LinkRequests.MAX_EXTERNAL_USER_ID);
            }
            if (link.webhookUrl() != null) {
                assertThat(link.webhookUrl()).hasSizeLessThanOrEqualTo(LinkRequests.MAX_URL)
                        .startsWith(production ? "https" : "http");
            }
            if (link.returnUrl() != null) {
                assertThat(link.returnUrl()).hasSizeLessThanOrEqualTo(LinkRequests.MAX_URL);
            }
        } catch (ValidationException e) {
            assertThat(e.issues()).isNotEmpty().hasSizeLessThanOrEqualTo(4 * nodes(body) + 16);
            e.issues().forEach(issue -> {
                assertThat(issue.path()).isNotNull();
                assertThat(issue.message()).isNotBlank();
            });
        } catch (PassageException e) {
            // Any other refusal must still be the caller's fault (4xx); Upstream is the one 5xx kind.
            assertThat(e).isNotInstanceOf(PassageException.Upstream.class);
        }
    }

    /** Every value in the body, containers included. */
    private static int nodes(JsonNode node) {
        int n = 1;
        for (JsonNode child : node.values()) {
            n += nodes(child);
        }
        return n;
    }
}
