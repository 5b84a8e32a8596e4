package dev.passage.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.testing.Flows;
import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The link page a link's appClipUrl opens and its QR code, over real HTTP, for each state of the link. */
@PassageServer
class LinkPageTest {
    TestServer server;
    Flows flows;

    private TestServer.Response create(String body) {
        return server.postJson("/v1/links", flows.key(), body);
    }

    @Test
    void a_pending_link_s_page_says_in_words_who_wants_what_and_how_to_go_on() {
        TestServer.Response created = create("""
                {"integrationId":"att","operations":[{"resource":"paymentMethod","action":"read"},
                 {"resource":"mobileBillingStatement","action":"read","arguments":{"limit":3}}]}""");
        String code = created.json().get("claimCode").asString();
        TestServer.Response page = server.get("/clip?code=" + code, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("Link your AT&amp;T account")
                .contains("Test org wants to read your AT&amp;T payment methods and billing statements.")
                .contains("./passage device '" + created.json().get("appClipUrl").asString() + "'")
                .contains("Continue in this browser").contains("id=\"extension-absent\"")
                .contains("chrome://extensions").contains("Load unpacked").contains("<code>extension/</code>")
                .contains("/link/qr.svg?code=" + code)
                .doesNotContain("limit");
        assertThat(page.header("Referrer-Policy")).contains("no-referrer");
    }

    @Test
    void a_write_link_s_page_never_shows_its_arguments() {
        TestServer.Response created = create("""
                {"integrationId":"tmobile","resource":"paymentMethod","action":"write","arguments":{
                 "cardNumber":"4111111111111111","expirationDate":"12/30","cvv":"987","nameOnCard":"Ada Lovelace","billingZip":"94105"}}""");
        TestServer.Response page = server.get("/clip?code=" + created.json().get("claimCode").asString(), null);
        assertThat(page.body()).contains("Test org wants to add a payment card to your T-Mobile account.")
                .doesNotContain("4111").doesNotContain("987").doesNotContain("Ada Lovelace").doesNotContain("94105")
                .doesNotContain(created.json().get("linkId").asString());
    }

    @Test
    void an_active_failed_complete_expired_unknown_or_missing_link_each_has_its_own_page_and_status() {
        Flows.LinkRef inUse = flows.createLink();
        flows.claimOk(inUse.claimCode());
        TestServer.Response active = server.get("/clip?code=" + inUse.claimCode(), null);
        assertThat(active.status()).isEqualTo(200);
        assertThat(active.body()).contains("Linking your T-Mobile account").contains("in use on a device")
                .doesNotContain("./passage device");

        Flows.LinkRef done = flows.createLink();
        Flows.Claimed c = flows.claimOk(done.claimCode());
        try (Flows.Both both = flows.active(c)) {
            both.worker().send("{\"type\":\"worker.complete\",\"result\":{\"paymentMethods\":[]}}");
            both.client().next("server.session_end");
        }
        TestServer.Response complete = server.get("/clip?code=" + done.claimCode(), null);
        assertThat(complete.status()).isEqualTo(409);
        assertThat(complete.body()).contains("Your T-Mobile account is linked").contains("cannot be used again")
                .doesNotContain("./passage device");

        Flows.LinkRef failed = flows.createLink();
        Flows.Claimed f = flows.claimOk(failed.claimCode());
        try (Flows.Both both = flows.active(f)) {
            both.worker().send("{\"type\":\"worker.fail\",\"error\":{\"code\":\"AUTOMATION_ERROR\",\"reason\":"
                    + "\"invalid_credentials\",\"message\":\"Login failed: invalid credentials (selector #err)\"}}");
            both.client().next("server.session_end");
        }
        TestServer.Response retry = server.get("/clip?code=" + failed.claimCode(), null);
        assertThat(retry.status()).isEqualTo(200);
        // The person reads why in words of their own, not the integrator's message.
        assertThat(retry.body()).contains("You can try again")
                .contains("Last try: <span id=\"last-try-text\">T-Mobile did not accept the username or password.</span>")
                .doesNotContain("selector").doesNotContain("invalid_credentials").contains("./passage device");
        assertThat(server.get("/link/info?code=" + failed.claimCode(), null).json().get("lastTry").asString())
                .isEqualTo("T-Mobile did not accept the username or password.");

        Flows.LinkRef expiring = flows.createLink();
        server.clock.advance(Duration.ofHours(5));
        TestServer.Response expired = server.get("/clip?code=" + expiring.claimCode(), null);
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.body()).contains("This link has expired").contains("Ask Test org for a new link.");

        TestServer.Response unknown = server.get("/clip?code=clm_00000000-0000-0000-0000-000000000000", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("We don't know this link");
        assertThat(server.get("/clip?code=%3Cscript%3E", null).body()).doesNotContain("<script>alert").contains("We don't know");
        assertThat(server.get("/clip", null).status()).isEqualTo(400);
    }

    @Test
    void the_qr_code_is_an_svg_of_nothing_but_the_link_and_unknown_codes_get_404_in_the_json_shape() {
        String code = flows.createLink().claimCode();
        TestServer.Response qr = server.get("/link/qr.svg?code=" + code, null);
        assertThat(qr.status()).isEqualTo(200);
        assertThat(qr.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/svg+xml"));
        assertThat(qr.header("Cache-Control")).contains("no-store");
        assertThat(qr.body()).startsWith("<svg").contains("<path").doesNotContain(code).doesNotContain("clm_");

        assertThat(server.get("/link/qr.svg?code=clm_00000000-0000-0000-0000-000000000000", null).body())
                .isEqualTo("{\"error\":\"No link has this claim code.\"}");
        assertThat(server.get("/link/qr.svg", null).status()).isEqualTo(400);
        assertThat(server.get("/link/qr.svg?code=" + "x".repeat(5000), null).status()).isEqualTo(404);
    }

    @Test
    void link_info_gives_pages_of_any_origin_the_link_page_s_address_and_the_page_s_own_words() {
        TestServer.Response created = create("""
                {"integrationId":"att","operations":[{"resource":"paymentMethod","action":"read"},
                 {"resource":"mobileBillingStatement","action":"read","arguments":{"limit":3}}]}""");
        String code = created.json().get("claimCode").asString();
        TestServer.Response info = server.get("/link/info?code=" + code, null);
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.header("Access-Control-Allow-Origin")).contains("*");
        assertThat(info.json().get("appClipUrl").asString()).isEqualTo(created.json().get("appClipUrl").asString());
        String purpose = info.json().get("purpose").asString();
        assertThat(purpose).isEqualTo("Test org wants to read your AT&T payment methods and billing statements");
        assertThat(server.get("/clip?code=" + code, null).body()).contains(purpose.replace("&", "&amp;") + ".");
        assertThat(server.get("/link/info?code=clm_00000000-0000-0000-0000-000000000000", null).header(
                "Access-Control-Allow-Origin")).contains("*");
        // One public endpoint for a link's look-up: the web SDK reads /link/info.
        assertThat(server.get("/link/app-clip?code=" + code, null).status()).isEqualTo(404);
    }

    @Test
    void the_web_sdk_is_one_small_file_as_a_classic_script_and_as_an_es_module() {
        TestServer.Response js = server.get("/sdk/passage.js", null);
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(js.header("Access-Control-Allow-Origin")).contains("*");
        assertThat(js.body()).contains("window.Passage = Passage").doesNotContain("import.meta").doesNotContain("export ");
        assertThat(js.body().length()).isLessThan(20_000);
        TestServer.Response mjs = server.get("/sdk/passage.mjs", null);
        assertThat(mjs.body()).contains("import.meta.url").contains("export default Passage").doesNotContain("window.Passage =");

        String etag = js.header("ETag").orElseThrow();
        var again = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/sdk/passage.js"))
                .header("If-None-Match", etag).GET().build());
        assertThat(again.status()).isEqualTo(304);
        assertThat(server.get("/assets/passage.css", null).body()).contains(".psg");
        assertThat(server.get("/assets/" + Assets.HTMX, null).status()).isEqualTo(200);
    }
}
