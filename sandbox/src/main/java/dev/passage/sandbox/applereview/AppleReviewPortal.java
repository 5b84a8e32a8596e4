package dev.passage.sandbox.applereview;

import dev.passage.sandbox.HistoryEntry;
import dev.passage.sandbox.PortalData;
import dev.passage.sandbox.web.Accounts;
import dev.passage.sandbox.web.Assets;
import dev.passage.sandbox.web.Json;
import dev.passage.sandbox.web.Portal;
import dev.passage.sandbox.web.PortalSession;
import dev.passage.sandbox.web.PortalSession.Stage;
import dev.passage.sandbox.web.PortalStore;
import dev.passage.sandbox.web.Sessions;
import dev.passage.sandbox.web.SignIn;
import dev.passage.sandbox.web.SignInRequired;
import dev.passage.sandbox.web.Templates;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Apple Review: an Apple ID sign-in on one page (the password field appears after the account name,
 * both sent by script as JSON; two-factor is a 409 answered by six one-digit inputs), and a reading
 * history the page fetches from a paged JSON API and renders with script.
 */
public final class AppleReviewPortal implements Portal {
    private static final String LIBRARY = "/library";
    private static final int MAX_PAGE = 100;

    private final Sessions sessions = new Sessions("myacinfo");
    private final PortalStore store;
    private final Accounts accounts;

    public AppleReviewPortal(PortalData seed, Clock clock) {
        this.store = new PortalStore(seed);
        this.accounts = new Accounts(clock);
    }

    @Override
    public String id() {
        return "apple-review";
    }

    @Override
    public Sessions sessions() {
        return sessions;
    }

    @Override
    public void register(RoutesConfig r) {
        r.exception(SignInRequired.class, (e, ctx) -> {
            if (ctx.path().startsWith("/api/")) {
                ctx.status(HttpStatus.UNAUTHORIZED).json(Map.of("errors",
                        List.of(Map.of("status", "401", "code", "UNAUTHORIZED", "title", "Sign in required"))));
            } else {
                ctx.redirect("/sign-in", HttpStatus.FOUND);
            }
        });
        r.exception(JacksonException.class, (e, ctx) ->
                ctx.status(HttpStatus.BAD_REQUEST).json(serviceError("-20000", "Your request could not be read.")));
        Assets.register(r, "apple-review");
        r.get("/", ctx -> ctx.redirect(sessions.isSignedIn(ctx) ? LIBRARY : "/sign-in", HttpStatus.FOUND));
        r.get("/sign-in", ctx -> {
            if (sessions.isSignedIn(ctx)) {
                ctx.redirect(LIBRARY, HttpStatus.FOUND);
            } else {
                Templates.render(ctx, "applereview/sign-in.jte");
            }
        });
        r.post("/appleauth/auth/signin", this::signIn);
        r.post("/appleauth/auth/verify/trusteddevice/securitycode", this::securityCode);
        r.get("/sign-out", ctx -> {
            sessions.end(ctx);
            ctx.redirect("/sign-in", HttpStatus.FOUND);
        });
        r.get(LIBRARY, ctx -> {
            String user = sessions.user(ctx);
            Templates.render(ctx, "applereview/library.jte", "user", user, "count", store.history(user).size());
        });
        r.get(LIBRARY + "/history", ctx -> Templates.render(ctx, "applereview/history.jte", "user", sessions.user(ctx)));
        r.get("/api/v1/me/history", this::history);
    }

    private void signIn(Context ctx) {
        JsonNode body = Json.mapper().readTree(ctx.body());
        switch (accounts.check(body.path("accountName").asString(""), body.path("password").asString(""))) {
            case SignIn.SignedIn s -> {
                sessions.signIn(ctx, s.username());
                ctx.json(Map.of("authType", "non-sa"));
            }
            case SignIn.CodeRequired c -> {
                sessions.open(ctx).advance(Stage.AWAITING_CODE, c.username());
                // Apple answers "two-factor needed" with 409 Conflict.
                ctx.status(HttpStatus.CONFLICT).json(Map.of("authType", "hsa2"));
            }
            case SignIn.WrongPassword w -> ctx.status(HttpStatus.UNAUTHORIZED)
                    .json(serviceError("-20101", "Your Apple ID or password was incorrect."));
            case SignIn.Locked l -> ctx.status(HttpStatus.FORBIDDEN)
                    .json(serviceError("-20209", "This Apple ID has been locked for security reasons."));
        }
    }

    private void securityCode(Context ctx) {
        PortalSession session = sessions.find(ctx).filter(s -> s.stage() == Stage.AWAITING_CODE).orElse(null);
        if (session == null) {
            ctx.status(HttpStatus.UNAUTHORIZED).json(serviceError("-20101", "Your session has expired. Sign in again."));
            return;
        }
        String code = Json.mapper().readTree(ctx.body()).path("securityCode").path("code").asString("");
        if (Accounts.codeMatches(code)) {
            sessions.signIn(ctx, session.username());
            ctx.status(HttpStatus.NO_CONTENT);
        } else {
            ctx.status(HttpStatus.BAD_REQUEST).json(serviceError("-21669", "Incorrect verification code."));
        }
    }

    /** Apple-Music-API style: {@code data} items of {@code attributes}, {@code limit} up to 100, {@code offset}, {@code next}. */
    private void history(Context ctx) {
        List<HistoryEntry> all = store.history(sessions.user(ctx));
        int limit = intParam(ctx, "limit", 25, 1, MAX_PAGE);
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        List<HistoryEntry> page = all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", page.stream().map(h -> Map.of("id", h.id(), "type", "reading-history", "attributes", Map.of(
                "title", h.title(), "publisherName", h.source(), "durationInSeconds", h.duration(),
                "lastReadDate", h.readAt().toString()))).toList());
        if (offset + limit < all.size()) {
            body.put("next", "/api/v1/me/history?offset=" + (offset + limit) + "&limit=" + limit);
        }
        body.put("meta", Map.of("total", all.size()));
        ctx.json(body);
    }

    private static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Math.max(min, Math.min(max, Integer.parseInt(v)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Map<String, Object> serviceError(String code, String message) {
        return Map.of("serviceErrors", List.of(Map.of("code", code, "message", message)));
    }
}
