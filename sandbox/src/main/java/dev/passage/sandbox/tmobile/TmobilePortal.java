package dev.passage.sandbox.tmobile;

import dev.passage.sandbox.PortalData;
import dev.passage.sandbox.web.Accounts;
import dev.passage.sandbox.web.CardFlow;
import dev.passage.sandbox.web.CardForm;
import dev.passage.sandbox.web.CardValidator;
import dev.passage.sandbox.web.Ids;
import dev.passage.sandbox.web.CarrierPortal;
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

/**
 * T-Mobile: server-rendered pages, sign-in in two steps (user name, then password on its own page),
 * payment methods as cards, statements as a list.
 */
public final class TmobilePortal implements CarrierPortal {
    private static final String OVERVIEW = "/account/overview";
    private static final String METHODS = "/account/payments/methods";

    private final Sessions sessions = new Sessions("TMO_SESSION");
    private final PortalStore store;
    private final CardFlow cards;
    private final Accounts accounts;

    public TmobilePortal(PortalData seed, Clock clock) {
        this.store = new PortalStore(seed, () -> Ids.alnum("pm_", 10));
        this.cards = new CardFlow(sessions, store, new CardValidator(clock));
        this.accounts = new Accounts(clock);
    }

    @Override
    public String id() {
        return "tmobile";
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
        r.exception(SignInRequired.class, (e, ctx) -> ctx.redirect("/signin", HttpStatus.SEE_OTHER));
        r.get("/", ctx -> ctx.redirect(sessions.isSignedIn(ctx) ? OVERVIEW : "/signin"));
        r.get("/signin", ctx -> Templates.render(ctx, "tmobile/signin.jte", "error", null, "username", ""));
        r.post("/signin", this::identify);
        r.get("/signin/password", ctx -> passwordPage(ctx, null, null));
        r.post("/signin/password", this::password);
        r.get("/signin/verify", ctx -> verifyPage(ctx, null));
        r.post("/signin/verify", this::verify);
        r.get("/signout", ctx -> {
            sessions.end(ctx);
            ctx.redirect("/signin", HttpStatus.SEE_OTHER);
        });
        r.get(OVERVIEW, ctx -> {
            String user = sessions.user(ctx);
            Templates.render(ctx, "tmobile/overview.jte", "user", user,
                    "methods", store.paymentMethods(user).size(), "statements", store.statements(user));
        });
        r.get(METHODS, ctx -> Templates.render(ctx, "tmobile/methods.jte",
                "methods", store.paymentMethods(sessions.user(ctx)), "saved", ctx.queryParam("saved")));
        r.get(METHODS + "/new", ctx -> {
            sessions.user(ctx);
            Templates.render(ctx, "tmobile/add-card.jte", "form", blankForm(), "errors", Map.of());
        });
        r.post(METHODS + "/new", this::submitCard);
        r.get(METHODS + "/review", ctx -> cards.pending(ctx).ifPresentOrElse(
                review -> Templates.render(ctx, "tmobile/review.jte", "review", review),
                () -> ctx.redirect(METHODS + "/new", HttpStatus.SEE_OTHER)));
        r.post(METHODS + "/confirm", ctx -> cards.confirm(ctx, ctx.formParam("reviewId")).ifPresentOrElse(
                saved -> ctx.redirect(METHODS + "?saved=" + saved.last4(), HttpStatus.SEE_OTHER),
                () -> ctx.redirect(METHODS + "/new", HttpStatus.SEE_OTHER)));
        r.get("/account/billing/statements", ctx -> Templates.render(ctx, "tmobile/statements.jte",
                "statements", store.statements(sessions.user(ctx))));
    }

    private void identify(Context ctx) {
        String username = value(ctx, "username");
        if (username.isEmpty()) {
            ctx.status(HttpStatus.BAD_REQUEST);
            Templates.render(ctx, "tmobile/signin.jte", "error", "Enter your email or phone number.", "username", "");
            return;
        }
        // Like many carriers, step one accepts any name: whether it exists is only said after the password.
        sessions.open(ctx).advance(Stage.IDENTIFIED, username);
        ctx.redirect("/signin/password", HttpStatus.SEE_OTHER);
    }

    private void password(Context ctx) {
        PortalSession session = sessions.find(ctx).filter(s -> s.stage() == Stage.IDENTIFIED).orElse(null);
        if (session == null) {
            ctx.redirect("/signin", HttpStatus.SEE_OTHER);
            return;
        }
        switch (accounts.check(session.username(), ctx.formParam("password"))) {
            case SignIn.SignedIn s -> {
                sessions.signIn(ctx, s.username());
                ctx.redirect(OVERVIEW, HttpStatus.SEE_OTHER);
            }
            case SignIn.CodeRequired c -> {
                session.advance(Stage.AWAITING_CODE, c.username());
                ctx.redirect("/signin/verify", HttpStatus.SEE_OTHER);
            }
            case SignIn.WrongPassword w -> {
                ctx.status(HttpStatus.UNAUTHORIZED);
                passwordPage(ctx, "The password you entered is incorrect. Please try again.", "invalid_credentials");
            }
            case SignIn.Locked l -> {
                ctx.status(HttpStatus.FORBIDDEN);
                passwordPage(ctx, "Your account is locked. Call 1-800-937-8997 or visit a store to unlock it.", "locked");
            }
        }
    }

    private void passwordPage(Context ctx, String error, String errorCode) {
        var session = sessions.find(ctx).filter(s -> s.stage() == Stage.IDENTIFIED);
        if (session.isEmpty()) {
            ctx.redirect("/signin", HttpStatus.SEE_OTHER);
            return;
        }
        Templates.render(ctx, "tmobile/password.jte",
                "username", session.get().username(), "error", error, "errorCode", errorCode);
    }

    private void verify(Context ctx) {
        PortalSession session = sessions.find(ctx).filter(s -> s.stage() == Stage.AWAITING_CODE).orElse(null);
        if (session == null) {
            ctx.redirect("/signin", HttpStatus.SEE_OTHER);
            return;
        }
        if (Accounts.codeMatches(ctx.formParam("otp"))) {
            sessions.signIn(ctx, session.username());
            ctx.redirect(OVERVIEW, HttpStatus.SEE_OTHER);
            return;
        }
        ctx.status(HttpStatus.UNAUTHORIZED);
        verifyPage(ctx, "That code didn't work. Check the code and try again.");
    }

    private void verifyPage(Context ctx, String error) {
        if (sessions.find(ctx).filter(s -> s.stage() == Stage.AWAITING_CODE).isEmpty()) {
            ctx.redirect("/signin", HttpStatus.SEE_OTHER);
            return;
        }
        Templates.render(ctx, "tmobile/verify.jte", "error", error);
    }

    private void submitCard(Context ctx) {
        CardForm form = new CardForm(ctx.formParam("cardNumber"), ctx.formParam("expirationDate"), ctx.formParam("cvv"),
                ctx.formParam("nameOnCard"), ctx.formParam("nickname"), ctx.formParam("billingZip"),
                ctx.formParam("addressLine1"), ctx.formParam("addressLine2"), ctx.formParam("city"),
                ctx.formParam("state"), ctx.formParam("country"));
        switch (cards.submit(ctx, form)) {
            case CardFlow.Submitted.Reviewing r -> ctx.redirect(METHODS + "/review", HttpStatus.SEE_OTHER);
            case CardFlow.Submitted.Invalid i -> {
                ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
                Templates.render(ctx, "tmobile/add-card.jte", "form", form, "errors", i.errors());
            }
        }
    }

    private static CardForm blankForm() {
        return new CardForm("", "", "", "", "", "", "", "", "", "", "US");
    }

    private static String value(Context ctx, String name) {
        String v = ctx.formParam(name);
        return v == null ? "" : v.trim();
    }
}
