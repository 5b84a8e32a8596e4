package dev.passage.server.links;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.json.Json;
import dev.passage.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Bad input of any kind gets a clear 4xx in the error shape, never a 500: a bounded, seeded run of
 * mutated link bodies and claim bodies over real HTTP.
 */
class LinksRandomInputTest {
    private static final int CASES = 600;
    private static final List<String> VALID = List.of(
            "{\"integrationId\":\"tmobile\",\"resource\":\"paymentMethod\",\"action\":\"read\",\"externalUserId\":\"u\"}",
            "{\"integrationId\":\"att\",\"operations\":[{\"resource\":\"paymentMethod\",\"action\":\"read\"},"
                    + "{\"resource\":\"mobileBillingStatement\",\"action\":\"read\",\"arguments\":{\"limit\":3}}],"
                    + "\"webhookUrl\":\"https://example.com/h\",\"debug\":true,\"expiresIn\":3600}",
            "{\"integrationId\":\"verizon\",\"resource\":\"paymentMethod\",\"action\":\"write\",\"arguments\":{"
                    + "\"cardNumber\":\"4111111111111111\",\"expirationDate\":\"12/29\",\"cvv\":\"123\",\"nameOnCard\":\"A\","
                    + "\"billingZip\":\"94107\",\"billingAddress\":{\"line1\":\"1 Main\",\"city\":\"SF\",\"state\":\"CA\"},\"dryRun\":true}}");
    private static final List<String> ODD_VALUES = List.of("null", "true", "0", "-1", "1e308", "-0.0", "99999999999999999999999",
            "\"\"", "\"\\u0000\"", "\"\\ud800\"", "[]", "{}", "[[[[[[[[[[]]]]]]]]]]", "\"" + "x".repeat(300) + "\"",
            "{\"$ref\":\"#\"}", "\"http://[::1\"", "\"https://exa mple.com\"");

    static TestServer server;
    static String key;

    @BeforeAll
    static void start() {
        server = TestServer.start("sqlite");
        key = server.newOrgKey();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void mutated_link_bodies_never_get_a_server_error() {
        Random random = new Random(20261125L);
        for (int i = 0; i < CASES; i++) {
            String body = mutate(VALID.get(random.nextInt(VALID.size())), random);
            TestServer.Response r = server.postJson("/v1/links", key, body);
            assertAnswered(r, Set.of(201, 400, 413), body);
        }
    }

    @Test
    void mutated_claim_bodies_never_get_a_server_error() {
        Random random = new Random(7L);
        String valid = "{\"code\":\"clm_00000000-0000-0000-0000-000000000000\"}";
        for (int i = 0; i < CASES / 3; i++) {
            String body = mutate(valid, random);
            TestServer.Response r = server.post("/link/claim", null, "application/json", body);
            assertAnswered(r, Set.of(400, 404, 413), body);
        }
    }

    private static void assertAnswered(TestServer.Response r, Set<Integer> allowed, String body) {
        assertThat(r.status()).as(body).isIn(allowed);
        if (r.status() >= 400) {
            JsonNode error = Json.mapper().readTree(r.body());
            assertThat(error.get("error").isString()).as(body).isTrue();
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    /** One of several kinds of damage: bytes, structure, or a field's value swapped for an odd one. */
    private static String mutate(String json, Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> json.substring(0, random.nextInt(json.length()));
            case 1 -> {
                byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
                for (int n = 0; n < 1 + random.nextInt(4); n++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                yield new String(bytes, StandardCharsets.ISO_8859_1);
            }
            case 2 -> {
                int at = random.nextInt(json.length());
                yield json.substring(0, at) + "\",:{}[]".charAt(random.nextInt(7)) + json.substring(at);
            }
            case 3 -> swapValue(json, random);
            case 4 -> swapValue(swapValue(json, random), random);
            default -> "{\"integrationId\":" + ODD_VALUES.get(random.nextInt(ODD_VALUES.size()))
                    + ",\"operations\":" + ODD_VALUES.get(random.nextInt(ODD_VALUES.size())) + "}";
        };
    }

    /** Replaces the value after one random {@code ":"} with an odd JSON value. */
    private static String swapValue(String json, Random random) {
        int from = random.nextInt(json.length());
        int colon = json.indexOf("\":", from);
        if (colon < 0) {
            colon = json.indexOf("\":");
        }
        int start = colon + 2;
        int end = start;
        int depth = 0;
        boolean inString = false;
        for (; end < json.length(); end++) {
            char c = json.charAt(end);
            if (inString) {
                if (c == '\\') {
                    end++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                break;
            }
        }
        return json.substring(0, start) + ODD_VALUES.get(random.nextInt(ODD_VALUES.size())) + json.substring(end);
    }
}
