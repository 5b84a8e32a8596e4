package dev.passage.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.people.Role;
import dev.passage.server.testing.Flows;
import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import dev.passage.server.testing.WsClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What signed-in people may do, over real HTTP: CSRF on every action, admins and viewers, keys, people, links, bad input. */
@PassageServer(settings = "dashboard.sign-in-rate-limit-per-minute=100000")
class DashboardActionsTest {
    private static final Pattern NEW_KEY = Pattern.compile("id=\"new-key\"[^>]*>(psg_[A-Za-z0-9_-]+)<");

    TestServer server;
    String orgId;
    Visitor admin;
    Visitor viewer;

    @BeforeEach
    void people() {
        orgId = server.passage.orgs().createOrganization("Acme").id();
        admin = new Visitor(server);
        admin.signIn(Visitor.newPerson(server, orgId, Role.ADMIN), Visitor.PASSWORD);
        viewer = new Visitor(server);
        viewer.signIn(Visitor.newPerson(server, orgId, Role.VIEWER), Visitor.PASSWORD);
    }

    @Test
    void an_admin_creates_a_key_shown_once_that_works_over_http_until_it_is_revoked() {
        admin.get("/dashboard/keys");
        Visitor.Page created = admin.submit("/dashboard/keys");
        assertThat(created.status()).isEqualTo(201);
        Matcher m = NEW_KEY.matcher(created.body());
        assertThat(m.find()).as(created.body()).isTrue();
        String key = m.group(1);
        assertThat(created.body()).contains("it will not be shown again");

        Visitor.Page list = admin.get("/dashboard/keys");
        assertThat(list.body()).doesNotContain(key).contains(key.substring(0, 10) + "…").contains("never");

        assertThat(server.get("/v1/providers", key).status()).isEqualTo(200);
        assertThat(admin.get("/dashboard/keys").body()).doesNotContain(">never<");

        String keyId = server.passage.orgs().listKeys(orgId).getFirst().id();
        Visitor.Page revoked = admin.submit("/dashboard/keys/" + keyId + "/revoke");
        assertThat(revoked.status()).isEqualTo(303);
        assertThat(server.get("/v1/providers", key).status()).isEqualTo(401);
        assertThat(admin.get("/dashboard/keys").body()).contains("revoked");
    }

    @Test
    void a_key_s_last_use_is_written_at_most_once_a_minute() {
        String key = server.passage.orgs().createKey(orgId).secret();
        server.get("/v1/providers", key);
        Long first = server.passage.orgs().listKeys(orgId).getFirst().lastUsedAt();
        assertThat(first).isEqualTo(server.clock.millis());
        server.clock.advance(Duration.ofSeconds(30));
        server.get("/v1/providers", key);
        assertThat(server.passage.orgs().listKeys(orgId).getFirst().lastUsedAt()).isEqualTo(first);
        server.clock.advance(Duration.ofSeconds(31));
        server.get("/v1/providers", key);
        assertThat(server.passage.orgs().listKeys(orgId).getFirst().lastUsedAt()).isEqualTo(server.clock.millis());
    }

    @Test
    void a_form_without_a_csrf_token_or_with_a_wrong_one_is_refused_with_403_and_changes_nothing() {
        admin.get("/dashboard/keys");
        Visitor.Page none = admin.post("/dashboard/keys", Map.of());
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(none.body()).contains("security token");
        Visitor.Page wrong = admin.post("/dashboard/keys", Map.of("_csrf", "x" + admin.csrf));
        assertThat(wrong.status()).isEqualTo(403);
        Visitor.Page viewersToken = admin.post("/dashboard/keys", Map.of("_csrf", viewer.csrf));
        assertThat(viewersToken.status()).isEqualTo(403);
        assertThat(server.passage.orgs().listKeys(orgId)).isEmpty();
    }

    @Test
    void an_htmx_post_with_a_wrong_token_gets_403_in_the_json_error_shape() {
        Visitor.Page page = admin.send(HttpRequest.newBuilder(server.uri("/dashboard/signing-keys/rotate"))
                .header("HX-Request", "true").header("X-CSRF-Token", "nope")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).startsWith("{\"error\":\"This form's security token is missing or out of date");
        int keys = server.passage.webhooks().signingKeys().size();
        admin.get("/dashboard/signing-keys");
        Visitor.Page ok = admin.send(HttpRequest.newBuilder(server.uri("/dashboard/signing-keys/rotate"))
                .header("HX-Request", "true").header("X-CSRF-Token", admin.csrf)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(ok.status()).isEqualTo(303);
        assertThat(server.passage.webhooks().signingKeys()).hasSize(keys + 1);
    }

    @Test
    void a_viewer_sees_everything_but_the_server_refuses_every_action() {
        String keyId = server.passage.orgs().createKey(orgId).key().id();
        Visitor.Page keys = viewer.get("/dashboard/keys");
        assertThat(keys.status()).isEqualTo(200);
        assertThat(keys.body()).contains(keyId).doesNotContain("/revoke\"").doesNotContain("id=\"create-key\"");

        for (String action : List.of("/dashboard/keys/" + keyId + "/revoke", "/dashboard/keys", "/dashboard/signing-keys/rotate",
                "/dashboard/people", "/dashboard/try")) {
            Visitor.Page refused = viewer.submit(action, "email", "x@example.com", "operation", "tmobile:paymentMethod.read");
            assertThat(refused.status()).as(action).isEqualTo(403);
            assertThat(refused.body()).contains("Only an admin of Acme may do this");
        }
        assertThat(server.passage.orgs().listKeys(orgId)).singleElement().satisfies(k -> assertThat(k.revoked()).isFalse());
    }

    @Test
    void an_admin_invites_a_person_whose_link_is_shown_once_and_cannot_remove_themselves() {
        admin.get("/dashboard/people");
        Visitor.Page invited = admin.submit("/dashboard/people", "email", "ada@example.com", "role", "viewer");
        assertThat(invited.status()).isEqualTo(201);
        assertThat(invited.body()).contains("Invitation for ada@example.com").contains("/dashboard/invite?token=inv_");
        assertThat(admin.get("/dashboard/people").body()).contains("ada@example.com").contains("invited, until")
                .doesNotContain("token=inv_");

        assertThat(admin.submit("/dashboard/people", "email", "not an email", "role", "viewer").status()).isEqualTo(400);
        assertThat(admin.submit("/dashboard/people", "email", "b@example.com", "role", "owner").status()).isEqualTo(400);
        String otherOrg = server.passage.orgs().createOrganization("Other").id();
        String taken = Visitor.newPerson(server, otherOrg, Role.ADMIN);
        assertThat(admin.submit("/dashboard/people", "email", taken, "role", "viewer").status()).isEqualTo(409);

        String self = server.passage.people().people(orgId).stream().filter(p -> p.isAdmin()).findFirst().orElseThrow().id();
        Visitor.Page removeSelf = admin.submit("/dashboard/people/" + self + "/remove");
        assertThat(removeSelf.status()).isEqualTo(409);
        assertThat(admin.submit("/dashboard/people/person_nope/remove").status()).isEqualTo(404);
    }

    @Test
    void a_link_page_shows_its_timeline_sessions_and_result_and_another_organization_s_link_is_404() {
        Flows flows = new Flows(server);
        String otherLink = flows.createLink().linkId();
        String key = server.passage.orgs().createKey(orgId).secret();
        TestServer.Response created = server.postJson("/v1/links", key, Flows.TMOBILE_READ);
        String linkId = created.json().get("linkId").asString();
        Flows.Claimed claimed = flows.claimOk(created.json().get("claimCode").asString());
        try (Flows.Both both = flows.active(claimed)) {
            both.worker().send("{\"type\":\"worker.complete\",\"result\":{\"paymentMethods\":[{\"order\":0,\"vendorId\":\"pm_1\","
                    + "\"last4\":\"4242\",\"type\":\"credit_card\",\"isDefault\":true,\"raw\":{}}]}}");
            both.client().next("server.session_end");
        }
        Visitor.Page page = admin.get("/dashboard/links/" + linkId);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("data-status=\"complete\"").contains(claimed.sessionId())
                .contains("\"last4\" : \"4242\"");
        assertThat(page.body().indexOf("psg-badge-active\">active")).isPositive()
                .isLessThan(page.body().indexOf("psg-badge-complete\">complete"));

        assertThat(admin.get("/dashboard/links").body()).contains(linkId).doesNotContain(otherLink);
        assertThat(admin.get("/dashboard/links/" + otherLink).status()).isEqualTo(404);
        assertThat(admin.get("/dashboard/links/" + otherLink + "/live").status()).isEqualTo(404);
    }

    @Test
    void a_declined_link_s_page_shows_what_the_person_read_and_the_failure_s_reason_in_its_timeline() {
        String key = server.passage.orgs().createKey(orgId).secret();
        TestServer.Response created = server.postJson("/v1/links", key, """
                {"integrationId":"att","operations":[{"resource":"paymentMethod","action":"read"},
                 {"resource":"mobileBillingStatement","action":"read"}]}""");
        String code = created.json().get("claimCode").asString();
        assertThat(server.postJson("/link/decline", null, "{\"code\":\"" + code + "\"}").status()).isEqualTo(200);

        Visitor.Page page = admin.get("/dashboard/links/" + created.json().get("linkId").asString());
        assertThat(page.status()).isEqualTo(200);
        // The same words as the link page and /link/info.
        String purpose = server.get("/link/info?code=" + code, null).json().get("purpose").asString();
        assertThat(purpose).isEqualTo("Acme wants to read your AT&T payment methods and billing statements");
        assertThat(page.body()).contains(purpose.replace("&", "&amp;") + ".")
                .contains("CONNECTION_FAILED (user_cancelled): The person declined to link their account.")
                .contains("psg-badge-failed\">failed");
    }

    @Test
    void every_bad_input_gets_a_clear_4xx_page_never_a_500() {
        Map<String, Integer> pages = Map.of(
                "/dashboard/links?status=lost", 400,
                "/dashboard/links?cursor=bm9wZQ", 400,
                "/dashboard/links/link_nope", 404,
                "/dashboard/links/link_nope/screenshots/session_x/0", 404,
                "/dashboard/links/link_nope/screenshots/session_x/zero", 404,
                "/dashboard/nowhere/at/all", 404,
                "/dashboard/try?operation=tmobile:nothing.read", 400);
        pages.forEach((path, status) -> {
            Visitor.Page page = admin.get(path);
            assertThat(page.status()).as(path).isEqualTo(status);
            assertThat(page.raw().headers().firstValue("Content-Type").orElse("")).as(path).startsWith("text/html");
            assertThat(page.body()).as(path).doesNotContain("Exception").doesNotContain("at dev.passage");
        });
        admin.get("/dashboard/keys");
        assertThat(admin.submit("/dashboard/keys/key_nope/revoke").status()).isEqualTo(404);
        assertThat(admin.submit("/dashboard/links/link_nope/resend").status()).isEqualTo(404);
        assertThat(admin.submit("/dashboard/try", "operation", "nope").status()).isEqualTo(400);
        Visitor.Page badCard = admin.submit("/dashboard/try", "operation", "tmobile:paymentMethod.write",
                "arg.cardNumber", "12", "arg.expirationDate", "13/99");
        assertThat(badCard.status()).isEqualTo(400);
        assertThat(badCard.body()).contains("arguments.cardNumber");
    }

    @Test
    void try_it_makes_a_test_link_and_shows_its_qr_code_and_command() {
        admin.get("/dashboard/try?operation=tmobile:paymentMethod.write");
        Visitor.Page made = admin.submit("/dashboard/try", "operation", "tmobile:paymentMethod.write",
                "arg.cardNumber", "4111111111111111", "arg.expirationDate", "12/30", "arg.cvv", "123",
                "arg.nameOnCard", "Test User", "arg.billingZip", "94105", "arg.dryRun", "true", "debug", "true");
        assertThat(made.status()).isEqualTo(201);
        assertThat(made.body()).contains("/link/qr.svg?code=clm_").contains("./passage device")
                .contains("Acme wants to add a payment card to your T-Mobile account.");
        assertThat(server.passage.links().list(new dev.passage.server.links.LinkQuery(orgId, 10, java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty())).links())
                .singleElement().satisfies(l -> assertThat(l.debug()).isTrue());
    }

    @Test
    void pages_carry_a_policy_that_loads_nothing_from_elsewhere() {
        Visitor.Page page = admin.get("/dashboard/links");
        assertThat(page.raw().headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'").contains("frame-ancestors 'none'");
        assertThat(page.raw().headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.body()).doesNotContain("http://").doesNotContain("https://");
    }
}
