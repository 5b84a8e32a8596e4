package dev.passage.server.dashboard;

import dev.passage.server.people.Invitation;
import dev.passage.server.people.Role;
import dev.passage.server.testing.TestServer;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser without a browser: one person's cookie jar against the dashboard over real HTTP, redirects not followed. */
final class Visitor {
    static final String PASSWORD = "correct horse battery staple";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;
    private final TestServer server;
    /** The CSRF token of the last page that had a form. */
    String csrf;

    Visitor(TestServer server) {
        this.server = server;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    record Page(int status, String body, HttpResponse<String> raw) {
        String location() {
            return raw.headers().firstValue("Location").orElse(null);
        }
    }

    /** An admin or viewer of a new organization, invited and signed up, not yet signed in here. */
    static String newPerson(TestServer server, String orgId, Role role) {
        String email = role.wire() + "-" + java.util.UUID.randomUUID() + "@example.com";
        Invitation invitation = server.passage.people().invite(orgId, email, role);
        server.passage.people().acceptInvitation(invitation.token(), PASSWORD);
        return email;
    }

    Page get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    Page post(String path, Map<String, String> form) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build());
    }

    /** A form post with the CSRF token of the last page read. */
    Page submit(String path, String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", csrf);
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return post(path, form);
    }

    Page signIn(String email, String password) {
        get("/dashboard/sign-in");
        return submit("/dashboard/sign-in", "email", email, "password", password);
    }

    Page send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher m = CSRF.matcher(r.body());
            if (m.find()) {
                csrf = m.group(1);
            }
            return new Page(r.statusCode(), r.body(), r);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI uri(String path) {
        return server.uri(path);
    }

    static String encode(Map<String, String> form) {
        StringBuilder b = new StringBuilder();
        form.forEach((k, v) -> {
            if (v == null) {
                return;
            }
            if (!b.isEmpty()) {
                b.append('&');
            }
            b.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return b.toString();
    }
}
