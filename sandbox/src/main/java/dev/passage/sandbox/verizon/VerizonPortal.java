package dev.passage.sandbox.verizon;

import dev.passage.sandbox.PortalData;
import dev.passage.sandbox.web.Accounts;
import dev.passage.sandbox.web.Assets;
import dev.passage.sandbox.web.CardFlow;
import dev.passage.sandbox.web.CardForm;
import dev.passage.sandbox.web.CardValidator;
import dev.passage.sandbox.web.CarrierPortal;
import dev.passage.sandbox.web.Json;
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
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Verizon: a single-page-style site. Sign-in posts JSON to {@code /api/auth/session} from script and
 * navigates client-side; every account page is a shell that fetches JSON and renders it with script.
 */
public final class VerizonPortal implements CarrierPortal {
    private static final String HOME = "/myaccount/home";

    private final Sessions sessions = new Sessions("vzw_sid");
    private final PortalStore store;
    private final CardFlow cards;
    private final Accounts accounts;

    public VerizonPortal(PortalData seed, Clock clock) {
        this.store = new PortalStore(seed, () -> UUID.randomUUID().toString());
        this.cards = new CardFlow(sessions, store, new CardValidator(clock));
        this.accounts = new Accounts(clock);
    }

    @Override
    public String id() {
        return "verizon";
    }

    @Override
    public Sessions sessions() {
        return sessions;
    }

    @Override
    public PortalStore store() {
        return store;
    }

    @Override
    public void register(RoutesConfig r) {
        r.exception(SignInRequired.class, (e, ctx) -> {
            if (ctx.path().startsWith("/api/")) {
                ctx.status(HttpStatus.UNAUTHORIZED).json(error("SESSION_EXPIRED", "Please sign in again."));
            } else {
                ctx.redirect("/signin", HttpStatus.FOUND);
            }
        });
        r.exception(JacksonException.class, (e, ctx) ->
                ctx.status(HttpStatus.BAD_REQUEST).json(error("BAD_REQUEST", "The request body is not valid JSON.")));
        Assets.register(r, "verizon");
        r.get("/", ctx -> ctx.redirect(sessions.isSignedIn(ctx) ? HOME : "/signin", HttpStatus.FOUND));
        r.get("/signin", ctx -> {
            if (sessions.isSignedIn(ctx)) {
                ctx.redirect(HOME, HttpStatus.FOUND);
            } else {
                Templates.render(ctx, "verizon/signin.jte");
            }
        });
        r.post("/api/auth/session", this::session);
        r.delete("/api/auth/session", ctx -> {
            sessions.end(ctx);
            ctx.status(HttpStatus.NO_CONTENT);
        });
        r.get("/signout", ctx -> {
            sessions.end(ctx);
            ctx.redirect("/signin", HttpStatus.FOUND);
        });
        page(r, HOME, "home");
        page(r, "/myaccount/payments", "payments");
        page(r, "/myaccount/payments/add", "add-payment");
        page(r, "/myaccount/bills", "bills");
        r.get("/api/account/profile", ctx -> {
            String user = sessions.user(ctx);
            ctx.json(Map.of("userId", user, "accountNumber", "482091736-00001", "accountHolder", user,
                    "paymentMethodCount", store.paymentMethods(user).size(),
                    "billCount", store.statements(user).size()));
        });
        r.get("/api/account/payment-methods", ctx -> ctx.json(Map.of("paymentMethods",
                store.paymentMethods(sessions.user(ctx)).stream().map(VerizonJson::method).toList())));
        r.get("/api/account/bills", ctx -> ctx.json(Map.of("bills",
                store.statements(sessions.user(ctx)).stream().map(VerizonJson::bill).toList())));
        r.post("/api/account/payment-methods/validate", this::validateCard);
        r.post("/api/account/payment-methods", ctx -> {
            String reviewId = Json.mapper().readTree(ctx.body()).path("reviewId").asString("");
            cards.confirm(ctx, reviewId).ifPresentOrElse(
                    saved -> ctx.status(HttpStatus.CREATED).json(VerizonJson.method(saved)),
                    () -> ctx.status(HttpStatus.CONFLICT).json(error("NO_PENDING_REVIEW",
                            "There is no card waiting to be confirmed. Start again.")));
        });
    }

    private void page(RoutesConfig r, String path, String name) {
        r.get(path, ctx -> {
            String user = sessions.user(ctx);
            Templates.render(ctx, "verizon/" + name + ".jte", "user", user);
        });
    }

    /** One endpoint for both sign-in steps: credentials first, then the one-time code when asked for it. */
    private void session(Context ctx) {
        JsonNode body = Json.mapper().readTree(ctx.body());
        if (body.has("otp")) {
            PortalSession session = sessions.find(ctx).filter(s -> s.stage() == Stage.AWAITING_CODE).orElse(null);
            if (session == null) {
                ctx.status(HttpStatus.UNAUTHORIZED).json(error("OTP_EXPIRED", "Your code has expired. Sign in again."));
            } else if (Accounts.codeMatches(body.path("otp").asString(""))) {
                sessions.signIn(ctx, session.username());
                ctx.json(authenticated());
            } else {
                ctx.status(HttpStatus.UNAUTHORIZED).json(error("OTP_INVALID",
                        "The code you entered is incorrect. Check it and try again."));
            }
            return;
        }
        String userId = body.path("userId").asString("");
        switch (accounts.check(userId, body.path("password").asString(""))) {
            case SignIn.SignedIn s -> {
                sessions.signIn(ctx, s.username());
                ctx.json(authenticated());
            }
            case SignIn.CodeRequired c -> {
                sessions.open(ctx).advance(Stage.AWAITING_CODE, c.username());
                ctx.status(HttpStatus.ACCEPTED).json(Map.of("status", "OTP_REQUIRED",
                        "message", "Enter the 6-digit code we sent to (•••) •••-••12."));
            }
            case SignIn.WrongPassword w -> ctx.status(HttpStatus.UNAUTHORIZED).json(error("INVALID_CREDENTIALS",
                    "The User ID or password you entered is incorrect."));
            case SignIn.Locked l -> ctx.status(HttpStatus.LOCKED).json(error("ACCOUNT_LOCKED",
                    "Your account is locked because of too many sign-in attempts. Reset your password to unlock it."));
        }
    }

    private void validateCard(Context ctx) {
        JsonNode b = Json.mapper().readTree(ctx.body());
        JsonNode a = b.path("billingAddress");
        CardForm form = new CardForm(b.path("cardNumber").asString(""), b.path("expirationDate").asString(""),
                b.path("cvv").asString(""), b.path("nameOnCard").asString(""), b.path("nickname").asString(""),
                b.path("billingZip").asString(""), a.path("line1").asString(""), a.path("line2").asString(""),
                a.path("city").asString(""), a.path("state").asString(""), a.path("country").asString(""));
        switch (cards.submit(ctx, form)) {
            case CardFlow.Submitted.Reviewing(var review) -> ctx.json(Map.of("reviewId", review.reviewId(),
                    "cardBrand", review.brand(), "lastFour", review.last4(), "nickName", review.nickname(),
                    "expiry", review.expirationDate()));
            case CardFlow.Submitted.Invalid(var errors) -> ctx.status(HttpStatus.UNPROCESSABLE_CONTENT)
                    .json(Map.of("status", "VALIDATION_FAILED", "message", "Check the highlighted fields.",
                            "errors", errors));
        }
    }

    private static Map<String, String> authenticated() {
        return Map.of("status", "AUTHENTICATED", "redirectUrl", HOME);
    }

    private static Map<String, String> error(String status, String message) {
        return Map.of("status", status, "message", message);
    }
}
