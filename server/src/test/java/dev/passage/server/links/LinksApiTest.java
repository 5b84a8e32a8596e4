package dev.passage.server.links;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import dev.passage.server.testing.TestServer.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The /v1/links API over real HTTP against a real server, on SQLite and on PostgreSQL. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgresql"})
@PassageServer
class LinksApiTest {
    TestServer server;

    @Parameter
    String database;

    @PassageServer.Key
    String key;

    private Response create(String body) {
        return server.postJson("/v1/links", key, body);
    }

    private static final String SINGLE = """
            {"integrationId":"tmobile","resource":"paymentMethod","action":"read","externalUserId":"user_123"}""";

    @Test
    void creating_a_single_operation_link_returns_201_with_the_spec_fields() {
        Response r = create(SINGLE);

        assertThat(r.status()).isEqualTo(201);
        JsonNode body = r.json();
        assertThat(body.get("linkId").asString()).matches("link_[0-9a-f-]{36}");
        assertThat(body.get("claimCode").asString()).matches("clm_[0-9a-f-]{36}");
        assertThat(body.get("integrationId").asString()).isEqualTo("tmobile");
        assertThat(body.get("operations").toString()).isEqualTo("[{\"resource\":\"paymentMethod\",\"action\":\"read\"}]");
        assertThat(body.get("resource").asString()).isEqualTo("paymentMethod");
        assertThat(body.get("action").asString()).isEqualTo("read");
        assertThat(body.get("status").asString()).isEqualTo("pending");
        assertThat(body.get("appClipUrl").asString())
                .startsWith("http://localhost:")
                .endsWith("/clip?code=" + body.get("claimCode").asString());
        long now = server.clock.millis();
        assertThat(body.get("createdAt").asLong()).isEqualTo(now);
        assertThat(body.get("expiresAt").asLong()).isEqualTo(now + 14_400_000L);
        assertThat(body.propertyNames()).containsExactly("linkId", "claimCode", "integrationId", "operations", "resource",
                "action", "status", "appClipUrl", "expiresAt", "createdAt");
    }

    @Test
    void reading_a_link_returns_every_spec_field_without_secrets() {
        String id = create(SINGLE).json().get("linkId").asString();

        Response r = server.get("/v1/links/" + id, key);

        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.propertyNames()).containsExactly("id", "integrationId", "operations", "resource", "action",
                "externalUserId", "status", "currentSessionId", "result", "error", "expiresAt", "createdAt", "updatedAt",
                "returnUrl");
        assertThat(body.get("id").asString()).isEqualTo(id);
        assertThat(body.get("externalUserId").asString()).isEqualTo("user_123");
        assertThat(body.get("status").asString()).isEqualTo("pending");
        assertThat(body.get("currentSessionId").isNull()).isTrue();
        assertThat(body.get("result").isNull()).isTrue();
        assertThat(body.get("error").isNull()).isTrue();
        assertThat(body.has("claimCode")).isFalse();
    }

    @Test
    void a_multi_operation_link_keeps_its_operations_in_order() {
        Response r = create("""
                {"integrationId":"att","operations":[
                  {"resource":"paymentMethod","action":"read"},
                  {"resource":"mobileBillingStatement","action":"read","arguments":{"limit":3}}],
                 "webhookUrl":"https://example.com/hooks","debug":true,"expiresIn":3600}""");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("operations").toString()).isEqualTo(
                "[{\"resource\":\"paymentMethod\",\"action\":\"read\"},{\"resource\":\"mobileBillingStatement\",\"action\":\"read\"}]");
        assertThat(r.json().get("resource").asString()).isEqualTo("paymentMethod");
        assertThat(r.json().get("expiresAt").asLong() - r.json().get("createdAt").asLong()).isEqualTo(3_600_000L);
        JsonNode read = server.get("/v1/links/" + r.json().get("linkId").asString(), key).json();
        assertThat(read.get("operations")).isEqualTo(r.json().get("operations"));
    }

    @Test
    void card_numbers_and_cvvs_are_encrypted_at_rest_and_never_returned() {
        Response r = create("""
                {"integrationId":"verizon","resource":"paymentMethod","action":"write","arguments":{
                  "cardNumber":"4111111111111111","expirationDate":"12/29","cvv":"987","nameOnCard":"Ada Lovelace",
                  "billingZip":"94107","billingAddress":{"line1":"1 Main St","city":"SF","state":"CA"},"dryRun":true}}""");
        assertThat(r.status()).isEqualTo(201);
        String id = r.json().get("linkId").asString();

        String stored = server.passage.database().read(h -> h.createQuery(
                        "SELECT operations || ' ' || COALESCE(sealed_arguments, '') FROM links WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());
        assertThat(stored).doesNotContain("4111111111111111").doesNotContain("987")
                .contains("Ada Lovelace").contains("v1.");
        assertThat(r.body()).doesNotContain("4111111111111111");
        assertThat(server.get("/v1/links/" + id, key).body()).doesNotContain("4111111111111111").doesNotContain("987");
        assertThat(server.get("/v1/links", key).body()).doesNotContain("4111111111111111");
    }

    @Test
    void listing_returns_newest_first_and_pages_with_an_opaque_cursor() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create(SINGLE).json().get("linkId").asString());
            server.clock.advance(Duration.ofMillis(1));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response r = server.get("/v1/links?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), key);
            assertThat(r.status()).isEqualTo(200);
            r.json().get("links").forEach(l -> seen.add(l.get("id").asString()));
            JsonNode next = r.json().get("nextCursor");
            cursor = next.isNull() ? null : next.asString();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(ids.reversed());
        JsonNode first = server.get("/v1/links?limit=1", key).json().get("links").get(0);
        assertThat(first.has("result")).isFalse();
        assertThat(first.has("error")).isFalse();
    }

    @Test
    void listing_filters_by_status_integration_and_external_user() {
        create(SINGLE);
        create("""
                {"integrationId":"ubereats","resource":"orderHistory","action":"read","externalUserId":"other"}""");

        assertThat(server.get("/v1/links?integrationId=ubereats", key).json().get("links")).hasSize(1);
        assertThat(server.get("/v1/links?externalUserId=user_123", key).json().get("links"))
                .allSatisfy(l -> assertThat(l.get("externalUserId").asString()).isEqualTo("user_123")).hasSize(1);
        assertThat(server.get("/v1/links?status=pending", key).json().get("links")).hasSize(2);
        assertThat(server.get("/v1/links?status=complete", key).json().get("links")).isEmpty();
    }

    @Test
    void bad_list_parameters_are_400_with_issues() {
        Response r = server.get("/v1/links?limit=0&status=done&cursor=nonsense", key);

        assertThat(r.status()).isEqualTo(400);
        assertThat(paths(r)).containsExactlyInAnyOrder("limit", "status", "cursor");
        assertThat(server.get("/v1/links?limit=201", key).status()).isEqualTo(400);
        assertThat(server.get("/v1/links?limit=abc", key).status()).isEqualTo(400);
    }

    @Test
    void another_organizations_link_is_not_found_and_not_listed() {
        String id = create(SINGLE).json().get("linkId").asString();
        String otherKey = server.newOrgKey();

        Response r = server.get("/v1/links/" + id, otherKey);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("error").asString()).contains(id);
        assertThat(server.get("/v1/links", otherKey).json().get("links")).isEmpty();
        assertThat(server.get("/v1/links/" + id, key).status()).isEqualTo(200);
    }

    @Test
    void an_unknown_link_id_is_404() {
        assertThat(server.get("/v1/links/link_00000000-0000-0000-0000-000000000000", key).status()).isEqualTo(404);
    }

    @Test
    void a_missing_unknown_malformed_or_revoked_key_is_401() {
        assertThat(server.get("/v1/links", null).status()).isEqualTo(401);
        assertThat(server.get("/v1/links", "psg_unknown").status()).isEqualTo(401);
        assertThat(server.get("/v1/providers", "not-a-key").status()).isEqualTo(401);
        assertThat(server.send(java.net.http.HttpRequest.newBuilder(server.uri("/v1/links"))
                .header("Authorization", "Basic " + key).GET().build()).status()).isEqualTo(401);
        assertThat(server.postJson("/v1/links", null, SINGLE).status()).isEqualTo(401);

        String orgId = server.passage.orgs().createOrganization("Revoker").id();
        var created = server.passage.orgs().createKey(orgId);
        assertThat(server.get("/v1/links", created.secret()).status()).isEqualTo(200);
        server.passage.orgs().revokeKey(created.key().id());
        Response revoked = server.get("/v1/links", created.secret());
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.json().get("error").asString()).contains("revoked");
    }

    @Test
    void unknown_integration_resource_or_action_is_400_naming_the_field() {
        assertThat(paths(create("{\"integrationId\":\"nope\",\"resource\":\"paymentMethod\",\"action\":\"read\"}")))
                .containsExactly("integrationId");
        assertThat(paths(create("{\"integrationId\":\"tmobile\",\"resource\":\"nope\",\"action\":\"read\"}")))
                .containsExactly("resource");
        assertThat(paths(create("{\"integrationId\":\"tmobile\",\"resource\":\"paymentMethod\",\"action\":\"delete\"}")))
                .containsExactly("action");
        assertThat(paths(create("{\"integrationId\":\"ubereats\",\"operations\":[{\"resource\":\"orderHistory\",\"action\":\"write\"}]}")))
                .containsExactly("operations.0.action");
        assertThat(paths(create("{\"resource\":\"paymentMethod\",\"action\":\"read\"}"))).containsExactly("integrationId");
    }

    @Test
    void both_forms_or_neither_is_400_but_the_same_operation_twice_is_a_link() {
        assertThat(paths(create("""
                {"integrationId":"tmobile","resource":"paymentMethod","action":"read",
                 "operations":[{"resource":"paymentMethod","action":"read"}]}"""))).containsExactly("operations");
        assertThat(paths(create("{\"integrationId\":\"tmobile\"}"))).containsExactly("resource", "action");
        assertThat(paths(create("{\"integrationId\":\"tmobile\",\"resource\":\"paymentMethod\"}"))).containsExactly("action");
        assertThat(paths(create("{\"integrationId\":\"tmobile\",\"operations\":[]}"))).containsExactly("operations");
        assertThat(paths(create("{\"integrationId\":\"tmobile\",\"operations\":{}}"))).containsExactly("operations");
        Response twice = create("""
                {"integrationId":"tmobile","operations":[
                  {"resource":"mobileBillingStatement","action":"read"},
                  {"resource":"mobileBillingStatement","action":"read","arguments":{"limit":2}}]}""");
        assertThat(twice.status()).isEqualTo(201);
        assertThat(twice.json().get("operations").size()).isEqualTo(2);
    }

    @Test
    void arguments_failing_their_schema_are_400_with_dot_paths() {
        Response r = create("""
                {"integrationId":"tmobile","operations":[
                  {"resource":"mobileBillingStatement","action":"read","arguments":{"limit":0}},
                  {"resource":"paymentMethod","action":"write","arguments":{"cardNumber":"4111","cvv":"12a",
                   "expirationDate":"13/29","nameOnCard":"A","billingZip":"94107","billingAddress":{"line1":"x"},"pin":"1"}}]}""");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asString()).isEqualTo("Validation failed");
        assertThat(paths(r)).containsExactlyInAnyOrder(
                "operations.0.arguments.limit",
                "operations.1.arguments.cardNumber",
                "operations.1.arguments.cvv",
                "operations.1.arguments.expirationDate",
                "operations.1.arguments.billingAddress.city",
                "operations.1.arguments.billingAddress.state",
                "operations.1.arguments.pin");
        assertThat(r.body()).doesNotContain("12a");
        assertThat(paths(create("{\"integrationId\":\"tmobile\",\"resource\":\"paymentMethod\",\"action\":\"write\"}")))
                .contains("arguments.cardNumber", "arguments.cvv");
        assertThat(paths(create("""
                {"integrationId":"tmobile","resource":"paymentMethod","action":"read","arguments":{"limit":1}}""")))
                .containsExactly("arguments");
        assertThat(paths(create("""
                {"integrationId":"tmobile","resource":"mobileBillingStatement","action":"read","arguments":[1]}""")))
                .containsExactly("arguments");
    }

    @Test
    void bad_webhook_url_expires_in_and_unknown_fields_are_400() {
        String base = "\"integrationId\":\"tmobile\",\"resource\":\"paymentMethod\",\"action\":\"read\"";
        assertThat(paths(create("{" + base + ",\"webhookUrl\":\"not a url\"}"))).containsExactly("webhookUrl");
        assertThat(paths(create("{" + base + ",\"webhookUrl\":\"ftp://example.com/x\"}"))).containsExactly("webhookUrl");
        assertThat(paths(create("{" + base + ",\"webhookUrl\":\"https:///nohost\"}"))).containsExactly("webhookUrl");
        assertThat(paths(create("{" + base + ",\"webhookUrl\":42}"))).containsExactly("webhookUrl");
        assertThat(paths(create("{" + base + ",\"expiresIn\":\"3600\"}"))).containsExactly("expiresIn");
        assertThat(paths(create("{" + base + ",\"expiresIn\":1.5}"))).containsExactly("expiresIn");
        assertThat(paths(create("{" + base + ",\"expiresIn\":-5}"))).containsExactly("expiresIn");
        assertThat(paths(create("{" + base + ",\"expiresIn\":99999999999999999999}"))).containsExactly("expiresIn");
        assertThat(paths(create("{" + base + ",\"debug\":\"yes\"}"))).containsExactly("debug");
        assertThat(paths(create("{" + base + ",\"externalUserId\":7}"))).containsExactly("externalUserId");
        assertThat(paths(create("{" + base + ",\"webhookURL\":\"https://x.example\"}"))).containsExactly("webhookURL");
    }

    @Test
    void a_return_url_comes_back_with_the_link_id_added_and_unsafe_schemes_are_refused() {
        String base = "\"integrationId\":\"tmobile\",\"resource\":\"paymentMethod\",\"action\":\"read\"";
        Response app = create("{" + base + ",\"returnUrl\":\"myapp://callback?from=passage\"}");
        assertThat(app.status()).isEqualTo(201);
        String id = app.json().get("linkId").asString();
        assertThat(app.json().get("returnUrl").asString()).isEqualTo("myapp://callback?from=passage&linkId=" + id);
        assertThat(server.get("/v1/links/" + id, key).json().get("returnUrl").asString())
                .isEqualTo("myapp://callback?from=passage&linkId=" + id);

        Response web = create("{" + base + ",\"returnUrl\":\"https://shop.example/done#top\"}");
        assertThat(web.json().get("returnUrl").asString())
                .isEqualTo("https://shop.example/done?linkId=" + web.json().get("linkId").asString() + "#top");
        assertThat(create("{" + base + "}").json().has("returnUrl")).isFalse();

        assertThat(paths(create("{" + base + ",\"returnUrl\":\"javascript:alert(1)\"}"))).containsExactly("returnUrl");
        assertThat(paths(create("{" + base + ",\"returnUrl\":\"data:text/html,hi\"}"))).containsExactly("returnUrl");
        assertThat(paths(create("{" + base + ",\"returnUrl\":\"/relative/path\"}"))).containsExactly("returnUrl");
        assertThat(paths(create("{" + base + ",\"returnUrl\":\"https://user:pw@shop.example/\"}"))).containsExactly("returnUrl");
    }

    @Test
    void expires_in_takes_any_positive_whole_number_so_a_one_second_link_expires_a_second_later() {
        Response r = create("{\"integrationId\":\"tmobile\",\"resource\":\"paymentMethod\",\"action\":\"read\",\"expiresIn\":1}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("expiresAt").asLong()).isEqualTo(r.json().get("createdAt").asLong() + 1000);
        server.clock.advance(Duration.ofSeconds(1));
        assertThat(server.get("/v1/links/" + r.json().get("linkId").asString(), key).json().get("status").asString())
                .isEqualTo("expired");
        assertThat(paths(create("{\"integrationId\":\"tmobile\",\"resource\":\"paymentMethod\",\"action\":\"read\",\"expiresIn\":0}")))
                .containsExactly("expiresIn");
    }

    @Test
    void malformed_bodies_get_a_clear_4xx_in_the_error_shape_and_store_nothing() {
        int before = server.get("/v1/links?limit=200", key).json().get("links").size();

        assertError(create("{\"integrationId\":"), 400, "not valid JSON");
        assertError(create("[1,2]"), 400, "must be a JSON object");
        assertError(create("\"text\""), 400, "must be a JSON object");
        assertError(create("null"), 400, "must be a JSON object");
        assertError(create(""), 400, "empty");
        assertError(create("{} {}"), 400, "not valid JSON");
        assertError(create("{\"integrationId\":\"a\",\"integrationId\":\"b\"}"), 400, "not valid JSON");
        assertError(server.post("/v1/links", key, "text/plain", SINGLE), 415, "Content-Type");
        assertError(server.post("/v1/links", key, null, SINGLE), 415, "Content-Type");
        assertError(create("{\"integrationId\":\"" + "x".repeat(70_000) + "\"}"), 413, "too large");

        assertThat(server.get("/v1/links?limit=200", key).json().get("links")).hasSize(before);
    }

    @Test
    void a_link_past_its_expiry_reads_expired_at_once_and_the_sweeper_persists_it() {
        String id = create("{\"integrationId\":\"tmobile\",\"resource\":\"paymentMethod\",\"action\":\"read\",\"expiresIn\":60}")
                .json().get("linkId").asString();
        String stays = create(SINGLE).json().get("linkId").asString();

        server.clock.advance(Duration.ofSeconds(60));

        JsonNode read = server.get("/v1/links/" + id, key).json();
        assertThat(read.get("status").asString()).isEqualTo("expired");
        assertThat(read.get("updatedAt").asLong()).isEqualTo(read.get("expiresAt").asLong());
        assertThat(server.get("/v1/links?status=expired", key).json().get("links"))
                .extracting(l -> l.get("id").asString()).containsExactly(id);
        assertThat(server.get("/v1/links?status=pending", key).json().get("links"))
                .extracting(l -> l.get("id").asString()).containsExactly(stays);
        assertThat(storedStatus(id)).isEqualTo("pending");

        assertThat(server.passage.links().expireDue()).isGreaterThanOrEqualTo(1);

        assertThat(storedStatus(id)).isEqualTo("expired");
        assertThat(storedStatus(stays)).isEqualTo("pending");
        assertThat(server.get("/v1/links/" + id, key).json().get("status").asString()).isEqualTo("expired");
    }

    @Test
    void fifty_concurrent_creates_are_all_stored_and_listed() throws Exception {
        String own = server.newOrgKey();
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String body = "{\"integrationId\":\"tmobile\",\"resource\":\"paymentMethod\",\"action\":\"read\",\"externalUserId\":\"u" + i + "\"}";
            calls.add(() -> server.postJson("/v1/links", own, body));
        }
        Set<String> created = new HashSet<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
            for (Future<Response> f : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
                Response r = f.get();
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                created.add(r.json().get("linkId").asString());
            }
        }
        assertThat(created).hasSize(50);

        Set<String> listed = new HashSet<>();
        server.get("/v1/links?limit=200", own).json().get("links").forEach(l -> listed.add(l.get("id").asString()));
        assertThat(listed).isEqualTo(created);
    }

    private String storedStatus(String id) {
        return server.passage.database().read(h -> h.createQuery("SELECT status FROM links WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());
    }

    private static void assertError(Response r, int status, String messagePart) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("error").asString()).containsIgnoringCase(messagePart);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static List<String> paths(Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("error").asString()).isEqualTo("Validation failed");
        List<String> paths = new ArrayList<>();
        r.json().get("issues").forEach(i -> paths.add(i.get("path").asString()));
        return paths;
    }
}
