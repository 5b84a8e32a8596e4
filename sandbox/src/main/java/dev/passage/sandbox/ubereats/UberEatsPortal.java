package dev.passage.sandbox.ubereats;

import dev.passage.sandbox.Order;
import dev.passage.sandbox.PortalData;
import dev.passage.sandbox.web.Accounts;
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
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Uber Eats: a server-rendered React-style site. Sign-in is a form posted with a CSRF token and a
 * {@code next} target; orders are cards found by {@code data-testid} (class names are hashed), and
 * the page also carries the orders as JSON in {@code script#__REDUX_STATE__}.
 */
public final class UberEatsPortal implements Portal {
    private static final String FEED = "/feed";

    private final Sessions sessions = new Sessions("sid");
    private final PortalStore store;
    private final Accounts accounts;

    public UberEatsPortal(PortalData seed, Clock clock) {
        this.store = new PortalStore(seed);
        this.accounts = new Accounts(clock);
    }

    @Override
    public String id() {
        return "ubereats";
    }

    @Override
    public Sessions sessions() {
        return sessions;
    }

    @Override
    public void register(RoutesConfig r) {
        r.exception(SignInRequired.class, (e, ctx) -> ctx.redirect("/login?next=" + ctx.path(), HttpStatus.FOUND));
        r.get("/", ctx -> ctx.redirect(sessions.isSignedIn(ctx) ? FEED : "/login", HttpStatus.FOUND));
        r.get("/login", ctx -> loginPage(ctx, "", null, null));
        r.post("/login", this::login);
        r.get("/login/challenge", ctx -> challengePage(ctx, null));
        r.post("/login/challenge", this::challenge);
        r.get("/logout", ctx -> {
            sessions.end(ctx);
            ctx.redirect("/login", HttpStatus.FOUND);
        });
        r.get(FEED, ctx -> Templates.render(ctx, "ubereats/feed.jte", "user", sessions.user(ctx)));
        r.get("/orders", ctx -> {
            List<Order> orders = store.orders(sessions.user(ctx));
            Templates.render(ctx, "ubereats/orders.jte", "orders", orders, "state", reduxState(orders));
        });
    }

    private void login(Context ctx) {
        PortalSession session = sessions.open(ctx);
        String identifier = param(ctx, "identifier").trim();
        if (!tokenMatches(session, ctx)) {
            ctx.status(HttpStatus.FORBIDDEN);
            loginPage(ctx, identifier, "Your session expired. Please try again.", "csrf");
            return;
        }
        switch (accounts.check(identifier, param(ctx, "password"))) {
            case SignIn.SignedIn s -> {
                sessions.signIn(ctx, s.username());
                ctx.redirect(next(ctx), HttpStatus.FOUND);
            }
            case SignIn.CodeRequired c -> {
                session.advance(Stage.AWAITING_CODE, c.username());
                ctx.redirect("/login/challenge", HttpStatus.FOUND);
            }
            case SignIn.WrongPassword w -> {
                ctx.status(HttpStatus.UNAUTHORIZED);
                loginPage(ctx, identifier, "The email or password you entered is incorrect.", "invalid_credentials");
            }
            case SignIn.Locked l -> {
                ctx.status(HttpStatus.FORBIDDEN);
                loginPage(ctx, identifier, "Your account has been locked. Contact Uber support to unlock it.", "locked");
            }
        }
    }

    private void loginPage(Context ctx, String identifier, String error, String errorCode) {
        String next = ctx.queryParam("next") != null ? ctx.queryParam("next") : param(ctx, "next");
        Templates.render(ctx, "ubereats/login.jte", "identifier", identifier, "csrf", sessions.open(ctx).formToken(),
                "next", safeNext(next), "error", error, "errorCode", errorCode);
    }

    private void challenge(Context ctx) {
        PortalSession session = sessions.find(ctx).filter(s -> s.stage() == Stage.AWAITING_CODE).orElse(null);
        if (session == null) {
            ctx.redirect("/login", HttpStatus.FOUND);
        } else if (!tokenMatches(session, ctx)) {
            ctx.status(HttpStatus.FORBIDDEN);
            challengePage(ctx, "Your session expired. Please try again.");
        } else if (Accounts.codeMatches(param(ctx, "code"))) {
            sessions.signIn(ctx, session.username());
            ctx.redirect(FEED, HttpStatus.FOUND);
        } else {
            ctx.status(HttpStatus.UNAUTHORIZED);
            challengePage(ctx, "That code is incorrect. Try again.");
        }
    }

    private void challengePage(Context ctx, String error) {
        var session = sessions.find(ctx).filter(s -> s.stage() == Stage.AWAITING_CODE);
        if (session.isEmpty()) {
            ctx.redirect("/login", HttpStatus.FOUND);
            return;
        }
        Templates.render(ctx, "ubereats/challenge.jte", "csrf", session.get().formToken(), "error", error);
    }

    /** The orders as Uber's page state carries them: ids in order and a map by id. */
    private static String reduxState(List<Order> orders) {
        Map<String, Object> byUuid = new LinkedHashMap<>();
        for (Order o : orders) {
            byUuid.put(o.id(), Map.of(
                    "uuid", o.id(),
                    "storeName", o.restaurant(),
                    "orderState", o.status().toUpperCase(java.util.Locale.ROOT),
                    "createdAt", o.placedAt().toString(),
                    "items", o.items().stream().map(i -> Map.of(
                            "title", i.name(), "quantity", i.quantity(), "unitPrice", i.price())).toList(),
                    "total", o.total(),
                    "currencyCode", "USD"));
        }
        Map<String, Object> state = Map.of("orders", Map.of(
                "orderUuids", orders.stream().map(Order::id).toList(), "ordersMap", byUuid));
        // Inside <script>: "<" must not appear raw, or "</script>" in a name could end the element.
        return Json.mapper().writeValueAsString(state).replace("<", "\\u003c");
    }

    private static boolean tokenMatches(PortalSession session, Context ctx) {
        return MessageDigest.isEqual(session.formToken().getBytes(StandardCharsets.UTF_8),
                param(ctx, "_csrf").getBytes(StandardCharsets.UTF_8));
    }

    private static String next(Context ctx) {
        return safeNext(param(ctx, "next"));
    }

    /** Only a path on this site: never an open redirect. */
    private static String safeNext(String next) {
        return next != null && next.startsWith("/") && !next.startsWith("//") && !next.contains("\\") ? next : FEED;
    }

    private static String param(Context ctx, String name) {
        String v = ctx.formParam(name);
        return v == null ? "" : v;
    }
}
