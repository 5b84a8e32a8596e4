package dev.passage.sandbox.att;

import dev.passage.sandbox.PortalData;
import dev.passage.sandbox.web.Accounts;
import dev.passage.sandbox.web.CardFlow;
import dev.passage.sandbox.web.CardForm;
import dev.passage.sandbox.web.CardValidator;
import dev.passage.sandbox.web.CarrierPortal;
import dev.passage.sandbox.web.Ids;
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
import java.time.Year;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * AT&amp;T: a classic single sign-in form posted to the server and redirected, a one-time code page,
 * payment methods and bills in tables, and an add-card form with month, year and state selects.
 */
public final class AttPortal implements CarrierPortal {
    private static final String SIGNIN = "/acctmgmt/signin";
    private static final String OVERVIEW = "/acctmgmt/overview";
    private static final String WALLET = "/acctmgmt/payments/wallet";
    static final List<String> STATES = List.of("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI",
            "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
            "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
            "WV", "WI", "WY");

    private final Sessions sessions = new Sessions("ATTSESSIONID");
    private final PortalStore store;
    private final CardFlow cards;
    private final Clock clock;
    private final Accounts accounts;

    public AttPortal(PortalData seed, Clock clock) {
        this.store = new PortalStore(seed, () -> Ids.digits("WLT-", 9));
        this.cards = new CardFlow(sessions, store, new CardValidator(clock));
        this.clock = clock;
        this.accounts = new Accounts(clock);
    }

    @Override
    public String id() {
        return "att";
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
        r.exception(SignInRequired.class, (e, ctx) -> ctx.redirect(SIGNIN, HttpStatus.FOUND));
        r.get("/", ctx -> ctx.redirect(sessions.isSignedIn(ctx) ? OVERVIEW : SIGNIN, HttpStatus.FOUND));
        r.get(SIGNIN, ctx -> signInPage(ctx, "", null, null));
        r.post(SIGNIN, this::signIn);
        r.get(SIGNIN + "/otp", ctx -> otpPage(ctx, null));
        r.post(SIGNIN + "/otp", this::otp);
        r.get("/acctmgmt/signout", ctx -> {
            sessions.end(ctx);
            ctx.redirect(SIGNIN, HttpStatus.FOUND);
        });
        r.get(OVERVIEW, ctx -> {
            String user = sessions.user(ctx);
            Templates.render(ctx, "att/overview.jte", "user", user, "statements", store.statements(user));
        });
        r.get(WALLET, ctx -> Templates.render(ctx, "att/wallet.jte",
                "methods", store.paymentMethods(sessions.user(ctx)), "added", ctx.queryParam("added")));
        r.get(WALLET + "/add", ctx -> {
            sessions.user(ctx);
            addPage(ctx, new CardForm("", "", "", "", "", "", "", "", "", "", "US"), "", "", Map.of());
        });
        r.post(WALLET + "/add", this::submitCard);
        r.get(WALLET + "/add/review", ctx -> cards.pending(ctx).ifPresentOrElse(
                review -> Templates.render(ctx, "att/review.jte", "review", review),
                () -> ctx.redirect(WALLET + "/add", HttpStatus.FOUND)));
        r.post(WALLET + "/add/confirm", ctx -> cards.confirm(ctx, ctx.formParam("reviewId")).ifPresentOrElse(
                saved -> ctx.redirect(WALLET + "?added=" + saved.id(), HttpStatus.FOUND),
                () -> ctx.redirect(WALLET + "/add", HttpStatus.FOUND)));
        r.get("/acctmgmt/billing/history", ctx -> Templates.render(ctx, "att/bills.jte",
                "statements", store.statements(sessions.user(ctx))));
    }

    private void signIn(Context ctx) {
        String userName = ctx.formParam("userName") == null ? "" : ctx.formParam("userName").trim();
        switch (accounts.check(userName, ctx.formParam("password"))) {
            case SignIn.SignedIn s -> {
                sessions.signIn(ctx, s.username());
                ctx.redirect(OVERVIEW, HttpStatus.FOUND);
            }
            case SignIn.CodeRequired c -> {
                sessions.open(ctx).advance(Stage.AWAITING_CODE, c.username());
                ctx.redirect(SIGNIN + "/otp", HttpStatus.FOUND);
            }
            case SignIn.WrongPassword w -> {
                ctx.status(HttpStatus.UNAUTHORIZED);
                signInPage(ctx, userName, "That user ID and password combination doesn't match our records. Try again.",
                        "invalid_credentials");
            }
            case SignIn.Locked l -> {
                ctx.status(HttpStatus.FORBIDDEN);
                signInPage(ctx, userName, "For your security, your account has been locked. Reset your password to unlock it.",
                        "locked");
            }
        }
    }

    private void signInPage(Context ctx, String userName, String error, String errorCode) {
        Templates.render(ctx, "att/signin.jte", "userName", userName, "error", error, "errorCode", errorCode);
    }

    private void otp(Context ctx) {
        var session = sessions.find(ctx).filter(s -> s.stage() == Stage.AWAITING_CODE);
        if (session.isEmpty()) {
            ctx.redirect(SIGNIN, HttpStatus.FOUND);
        } else if (Accounts.codeMatches(ctx.formParam("code"))) {
            sessions.signIn(ctx, session.get().username());
            ctx.redirect(OVERVIEW, HttpStatus.FOUND);
        } else {
            ctx.status(HttpStatus.UNAUTHORIZED);
            otpPage(ctx, "The code you entered is incorrect or has expired.");
        }
    }

    private void otpPage(Context ctx, String error) {
        if (sessions.find(ctx).filter(s -> s.stage() == Stage.AWAITING_CODE).isEmpty()) {
            ctx.redirect(SIGNIN, HttpStatus.FOUND);
            return;
        }
        Templates.render(ctx, "att/otp.jte", "error", error);
    }

    private void submitCard(Context ctx) {
        String month = param(ctx, "expMonth");
        String year = param(ctx, "expYear");
        String expiry = month.isEmpty() || year.length() != 4 ? "" : month + "/" + year.substring(2);
        CardForm form = new CardForm(param(ctx, "ccNumber"), expiry, param(ctx, "securityCode"),
                param(ctx, "cardHolderName"), param(ctx, "cardNickname"), param(ctx, "billingZip"),
                param(ctx, "billingAddress1"), param(ctx, "billingAddress2"), param(ctx, "billingCity"),
                param(ctx, "billingState"), "US");
        switch (cards.submit(ctx, form)) {
            case CardFlow.Submitted.Reviewing r -> ctx.redirect(WALLET + "/add/review", HttpStatus.FOUND);
            case CardFlow.Submitted.Invalid i -> {
                ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
                addPage(ctx, form, month, year, i.errors());
            }
        }
    }

    private void addPage(Context ctx, CardForm form, String month, String year, Map<String, String> errors) {
        int now = Year.now(clock).getValue();
        List<String> years = IntStream.rangeClosed(now, now + 20).mapToObj(Integer::toString).toList();
        Templates.render(ctx, "att/add-card.jte", "form", form, "month", month, "year", year, "years", years,
                "states", STATES, "errors", errors);
    }

    private static String param(Context ctx, String name) {
        String v = ctx.formParam(name);
        return v == null ? "" : v;
    }
}
