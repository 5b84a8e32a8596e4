package dev.passage.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.people.Invitation;
import dev.passage.server.people.Role;
import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signing in and out of the dashboard over real HTTP: passwords, lockout, sessions, invitations, CSRF on the sign-in form. */
@PassageServer(settings = {"dashboard.lockout-failures=3", "dashboard.lockout-minutes=15",
        "dashboard.sign-in-rate-limit-per-minute=100000", "dashboard.session-idle-minutes=30"})
class DashboardSignInTest {
    TestServer server;
    String orgId;
    String email;

    @BeforeEach
    void person() {
        orgId = server.passage.orgs().createOrganization("Acme").id();
        email = Visitor.newPerson(server, orgId, Role.ADMIN);
    }

    @Test
    void signing_in_with_the_right_password_sets_an_http_only_same_site_cookie_and_opens_the_dashboard() {
        Visitor v = new Visitor(server);
        Visitor.Page signedIn = v.signIn(email, Visitor.PASSWORD);
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(signedIn.location()).isEqualTo("/dashboard/links");
        String cookie = signedIn.raw().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("passage_session=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/dashboard").doesNotContain("Secure");
        Visitor.Page links = v.get("/dashboard/links");
        assertThat(links.status()).isEqualTo(200);
        assertThat(links.body()).contains("Acme").contains(email).contains("<h1>Links</h1>");
    }

    @Test
    void a_wrong_password_answers_401_with_the_form_again_and_no_session() {
        Visitor v = new Visitor(server);
        Visitor.Page wrong = v.signIn(email, "not the password at all");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("The email or the password is wrong.").contains("name=\"password\"");
        assertThat(wrong.raw().headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("passage_session="));
        assertThat(v.get("/dashboard/links").status()).isEqualTo(303);
    }

    @Test
    void an_account_locks_after_repeated_failures_even_for_the_right_password_until_the_lockout_ends() {
        Visitor v = new Visitor(server);
        assertThat(v.signIn(email, "wrong password 1").status()).isEqualTo(401);
        assertThat(v.signIn(email, "wrong password 2").status()).isEqualTo(401);
        Visitor.Page third = v.signIn(email, "wrong password 3");
        assertThat(third.status()).isEqualTo(423);
        assertThat(third.body()).contains("locked until");

        Visitor.Page right = v.signIn(email, Visitor.PASSWORD);
        assertThat(right.status()).isEqualTo(423);

        server.clock.advance(Duration.ofMinutes(16));
        assertThat(v.signIn(email, Visitor.PASSWORD).status()).isEqualTo(303);
    }

    @Test
    void an_address_without_an_account_is_refused_like_a_wrong_password_and_locks_nothing() {
        Visitor v = new Visitor(server);
        for (int i = 0; i < 4; i++) {
            Visitor.Page page = v.signIn("nobody@example.com", "whatever it is");
            assertThat(page.status()).isEqualTo(401);
            assertThat(page.body()).contains("The email or the password is wrong.");
        }
    }

    @Test
    void signing_out_ends_the_session_on_the_server_so_the_old_cookie_opens_nothing() {
        Visitor v = new Visitor(server);
        v.signIn(email, Visitor.PASSWORD);
        v.get("/dashboard/links");
        String token = sessionCookie(v);
        Visitor.Page out = v.submit("/dashboard/sign-out");
        assertThat(out.status()).isEqualTo(303);
        assertThat(out.location()).isEqualTo("/dashboard/sign-in");

        Visitor replay = new Visitor(server);
        Visitor.Page page = replay.send(HttpRequest.newBuilder(server.uri("/dashboard/links"))
                .header("Cookie", "passage_session=" + token).GET().build());
        assertThat(page.status()).isEqualTo(303);
        assertThat(page.location()).startsWith("/dashboard/sign-in");
    }

    @Test
    void a_session_ends_after_its_idle_time() {
        Visitor v = new Visitor(server);
        v.signIn(email, Visitor.PASSWORD);
        assertThat(v.get("/dashboard/links").status()).isEqualTo(200);
        server.clock.advance(Duration.ofMinutes(31));
        assertThat(v.get("/dashboard/links").status()).isEqualTo(303);
    }

    @Test
    void without_a_session_pages_redirect_to_sign_in_and_htmx_requests_get_401_in_the_json_error_shape() {
        Visitor v = new Visitor(server);
        Visitor.Page page = v.get("/dashboard/keys");
        assertThat(page.status()).isEqualTo(303);
        assertThat(page.location()).isEqualTo("/dashboard/sign-in?next=%2Fdashboard%2Fkeys");
        Visitor.Page htmx = v.send(HttpRequest.newBuilder(server.uri("/dashboard/links/rows")).header("HX-Request", "true")
                .GET().build());
        assertThat(htmx.status()).isEqualTo(401);
        assertThat(htmx.body()).isEqualTo("{\"error\":\"Sign in to the dashboard first.\"}");
        assertThat(htmx.raw().headers().firstValue("HX-Redirect")).contains("/dashboard/sign-in");
    }

    @Test
    void after_signing_in_the_person_goes_back_to_the_page_they_asked_for_but_never_off_the_dashboard() {
        Visitor v = new Visitor(server);
        v.get("/dashboard/sign-in?next=/dashboard/keys");
        assertThat(v.submit("/dashboard/sign-in", "email", email, "password", Visitor.PASSWORD, "next", "/dashboard/keys")
                .location()).isEqualTo("/dashboard/keys");
        for (String next : List.of("https://evil.example/", "//evil.example/x", "/dashboard/\\evil", "/elsewhere")) {
            Visitor other = new Visitor(server);
            other.get("/dashboard/sign-in");
            assertThat(other.submit("/dashboard/sign-in", "email", email, "password", Visitor.PASSWORD, "next", next)
                    .location()).isEqualTo("/dashboard/links");
        }
    }

    @Test
    void the_sign_in_form_without_its_csrf_token_or_with_another_is_refused_with_403() {
        Visitor v = new Visitor(server);
        v.get("/dashboard/sign-in");
        Visitor.Page none = v.post("/dashboard/sign-in", Map.of("email", email, "password", Visitor.PASSWORD));
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.body()).contains("security token");
        Visitor.Page other = v.post("/dashboard/sign-in", Map.of("_csrf", "AAAA" + v.csrf.substring(4), "email", email,
                "password", Visitor.PASSWORD));
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.raw().headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("passage_session="));
    }

    @Test
    void passwords_sessions_and_invitations_are_stored_only_as_hashes() {
        Visitor v = new Visitor(server);
        v.signIn(email, Visitor.PASSWORD);
        String token = sessionCookie(v);
        var db = server.passage.database();
        String hash = db.read(h -> h.createQuery("SELECT password_hash FROM people WHERE email = :e").bind("e", email)
                .mapTo(String.class).one());
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(Visitor.PASSWORD);
        List<String> sessions = db.read(h -> h.createQuery("SELECT token_hash FROM dashboard_sessions").mapTo(String.class).list());
        assertThat(sessions).doesNotContain(token).contains(dev.passage.server.secrets.Tokens.hash(token));
        Invitation invitation = server.passage.people().invite(orgId, "new-person@example.com", Role.VIEWER);
        List<String> invitations = db.read(h -> h.createQuery("SELECT token_hash FROM invitations").mapTo(String.class).list());
        assertThat(invitations).doesNotContain(invitation.token()).contains(dev.passage.server.secrets.Tokens.hash(invitation.token()));
    }

    @Test
    void an_invitation_link_sets_a_password_once_and_not_after_it_expires() {
        Invitation invitation = server.passage.people().invite(orgId, "Grace@Example.com ", Role.VIEWER);
        String url = invitation.url(server.passage.config().publicUrl());
        assertThat(url).startsWith(server.passage.config().publicUrl() + "/dashboard/invite?token=inv_");
        String path = URI.create(url).getRawPath() + "?" + URI.create(url).getRawQuery();

        Visitor v = new Visitor(server);
        Visitor.Page form = v.get(path);
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("grace@example.com");
        Visitor.Page mismatch = v.submit("/dashboard/invite", "token", invitation.token(), "password", "long enough pass",
                "confirm", "another long pass");
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.body()).contains("The two passwords differ.");
        Visitor.Page tooShort = v.submit("/dashboard/invite", "token", invitation.token(), "password", "short", "confirm", "short");
        assertThat(tooShort.status()).isEqualTo(400);
        Visitor.Page set = v.submit("/dashboard/invite", "token", invitation.token(), "password", "a long new password",
                "confirm", "a long new password");
        assertThat(set.status()).isEqualTo(303);
        assertThat(v.get("/dashboard/links").body()).contains("grace@example.com").contains("viewer");

        assertThat(new Visitor(server).get(path).status()).isEqualTo(410);
        Invitation late = server.passage.people().invite(orgId, "late@example.com", Role.VIEWER);
        server.clock.advance(Duration.ofHours(73));
        Visitor.Page expired = new Visitor(server).get("/dashboard/invite?token=" + late.token());
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.body()).contains("expired");
        assertThat(new Visitor(server).get("/dashboard/invite?token=inv_nonsense").status()).isEqualTo(410);
        assertThat(new Visitor(server).get("/dashboard/invite").status()).isEqualTo(410);
    }

    private String sessionCookie(Visitor v) {
        return v.cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("passage_session"))
                .map(HttpCookie::getValue).findFirst().orElseThrow();
    }
}
