package dev.passage.sandbox.web;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Server-side sessions of one portal, keyed by a random id in a cookie. Every portal uses its own
 * cookie name: browsers share cookies between ports of one host, so names must not collide.
 */
public final class Sessions {
    private static final int MAX_SESSIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String cookieName;
    private final Map<String, PortalSession> byId = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PortalSession> eldest) {
            return size() > MAX_SESSIONS; // bounded: the least recently used session goes first
        }
    };

    /** Sessions kept under {@code cookieName}, which must differ from the other portals'. */
    public Sessions(String cookieName) {
        this.cookieName = cookieName;
    }

    /** The session cookie's name. */
    public String cookieName() {
        return cookieName;
    }

    /** The request's session, if it has a live one. */
    public Optional<PortalSession> find(Context ctx) {
        String id = ctx.cookie(cookieName);
        if (id == null) {
            return Optional.empty();
        }
        synchronized (byId) {
            return Optional.ofNullable(byId.get(id));
        }
    }

    /** The request's session, started (and its cookie set) when it has none. */
    public PortalSession open(Context ctx) {
        return find(ctx).orElseGet(() -> start(ctx));
    }

    /** The signed-in user of the request, or {@link SignInRequired}. */
    public String user(Context ctx) {
        return find(ctx)
                .filter(s -> s.stage() == PortalSession.Stage.SIGNED_IN)
                .map(PortalSession::username)
                .orElseThrow(SignInRequired::new);
    }

    /** The request's signed-in session, or {@link SignInRequired}. */
    public PortalSession signedIn(Context ctx) {
        return find(ctx).filter(s -> s.stage() == PortalSession.Stage.SIGNED_IN).orElseThrow(SignInRequired::new);
    }

    /** Whether the request comes from a signed-in session. */
    public boolean isSignedIn(Context ctx) {
        return find(ctx).filter(s -> s.stage() == PortalSession.Stage.SIGNED_IN).isPresent();
    }

    /** Signs {@code username} in on a fresh session id, so an id seen before sign-in is worth nothing after. */
    public PortalSession signIn(Context ctx, String username) {
        end(ctx);
        PortalSession session = start(ctx);
        session.advance(PortalSession.Stage.SIGNED_IN, username);
        return session;
    }

    /** Forgets the request's session and clears its cookie. */
    public void end(Context ctx) {
        String id = ctx.cookie(cookieName);
        if (id != null) {
            synchronized (byId) {
                byId.remove(id);
            }
        }
        ctx.header("Set-Cookie", cookieName + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    }

    private PortalSession start(Context ctx) {
        PortalSession session = new PortalSession(token(), token());
        synchronized (byId) {
            byId.put(session.id(), session);
        }
        ctx.header("Set-Cookie", cookieName + "=" + session.id() + "; Path=/; HttpOnly; SameSite=Lax");
        return session;
    }

    private static String token() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
