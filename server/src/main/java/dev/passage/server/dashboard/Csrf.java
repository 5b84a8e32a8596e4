package dev.passage.server.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * CSRF tokens: a one-way function of the secret the browser's HttpOnly cookie holds (the session's
 * token, or before sign-in a random pre-session value). A page carries the token in every form and
 * in htmx's {@code X-CSRF-Token} header; another site can neither read it from our pages nor compute
 * it without the cookie, and nothing needs storing.
 */
final class Csrf {
    static final String FIELD = "_csrf";
    static final String HEADER = "X-CSRF-Token";

    private Csrf() {}

    static String tokenFor(String cookieSecret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("passage-dashboard-csrf\0" + cookieSecret).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code presented} is the token of {@code cookieSecret}, compared in constant time. */
    static boolean matches(String cookieSecret, String presented) {
        if (cookieSecret == null || presented == null || presented.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(cookieSecret).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
