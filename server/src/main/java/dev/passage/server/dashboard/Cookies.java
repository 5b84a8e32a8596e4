package dev.passage.server.dashboard;

import io.javalin.http.Context;
import java.time.Duration;

/**
 * The dashboard's two cookies, both HttpOnly, SameSite=Lax, scoped to {@code /dashboard} and Secure
 * when the server is reached over https ({@code dashboard.secure-cookies}): the session's token, and
 * before sign-in a pre-session secret that the sign-in and invitation forms' CSRF tokens come from.
 */
final class Cookies {
    static final String SESSION = "passage_session";
    static final String PRE_SESSION = "passage_presession";
    private static final String PATH = "/dashboard";

    private final boolean secure;

    Cookies(boolean secure) {
        this.secure = secure;
    }

    void set(Context ctx, String name, String value, Duration maxAge) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=" + PATH + "; Max-Age=" + maxAge.toSeconds()
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
    }

    void clear(Context ctx, String name) {
        ctx.res().addHeader("Set-Cookie", name + "=; Path=" + PATH + "; Max-Age=0; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : ""));
    }

    static String get(Context ctx, String name) {
        String value = ctx.cookie(name);
        return value == null || value.isEmpty() || value.length() > 200 ? null : value;
    }
}
