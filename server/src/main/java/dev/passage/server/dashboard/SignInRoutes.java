package dev.passage.server.dashboard;

import dev.passage.server.config.PassageConfig;
import dev.passage.server.errors.PassageException;
import dev.passage.server.http.HttpServer;
import dev.passage.server.http.RateLimiter;
import dev.passage.server.people.PeopleService;
import dev.passage.server.people.SignIn;
import dev.passage.server.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.Optional;

/**
 * Getting into the dashboard and out of it: the sign-in form (rate-limited per address; the lockout
 * is the people service's), an invitation's set-password form, and signing out, which ends the
 * session on the server. The forms shown before sign-in carry the pre-session cookie's CSRF token.
 */
final class SignInRoutes implements HttpServer.Routes {
    private static final String INVITATION_GONE =
            "This invitation link has expired, has been used, or is incomplete. Ask an admin for a new one.";

    private final Gate gate;
    private final PeopleService people;
    private final PassageConfig.Dashboard config;
    private final RateLimiter limiter;

    SignInRoutes(Gate gate, PeopleService people, PassageConfig.Dashboard config, Clock clock) {
        this.gate = gate;
        this.people = people;
        this.config = config;
        this.limiter = new RateLimiter(config.signInRateLimitPerMinute(), clock);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/dashboard/sign-in", gate.open(this::signInPage));
        routes.post("/dashboard/sign-in", gate.open(this::signIn));
        routes.post("/dashboard/sign-out", gate.acting(false, (ctx, caller) -> signOut(ctx)));
        routes.get("/dashboard/invite", gate.open(this::invitePage));
        routes.post("/dashboard/invite", gate.open(this::acceptInvite));
    }

    private void signInPage(Context ctx) {
        if (gate.caller(ctx).isPresent()) {
            ctx.redirect("/dashboard/links", HttpStatus.SEE_OTHER);
            return;
        }
        renderSignIn(ctx, 200, null, "", next(ctx.queryParam("next")));
    }

    private void signIn(Context ctx) {
        limit(ctx);
        Gate.requirePreSessionToken(ctx);
        String email = Optional.ofNullable(ctx.formParam("email")).orElse("");
        String next = next(ctx.formParam("next"));
        switch (people.signIn(email, Optional.ofNullable(ctx.formParam("password")).orElse(""))) {
            case SignIn.Success s -> {
                gate.cookies().set(ctx, Cookies.SESSION, s.token(), config.sessionTtl());
                ctx.redirect(next, HttpStatus.SEE_OTHER);
            }
            case SignIn.Refused r -> renderSignIn(ctx, 401, "The email or the password is wrong.", email, next);
            case SignIn.Locked l -> renderSignIn(ctx, 423, "Too many failed sign-ins: this account is locked until "
                    + Times.at(l.until()) + ". Try again then.", email, next);
        }
    }

    private void renderSignIn(Context ctx, int status, String error, String email, String next) {
        Pages.render(ctx, status, "dashboard/sign-in.jte", "csrf", gate.preSessionToken(ctx), "error", error,
                "email", email, "next", next);
    }

    private void signOut(Context ctx) {
        people.signOut(Cookies.get(ctx, Cookies.SESSION));
        gate.cookies().clear(ctx, Cookies.SESSION);
        ctx.redirect("/dashboard/sign-in", HttpStatus.SEE_OTHER);
    }

    private void invitePage(Context ctx) {
        String token = ctx.queryParam("token");
        var person = people.invitation(token).orElseThrow(() -> new PassageException.Gone(INVITATION_GONE));
        renderInvite(ctx, 200, token, person.email(), null);
    }

    private void acceptInvite(Context ctx) {
        limit(ctx);
        Gate.requirePreSessionToken(ctx);
        String token = ctx.formParam("token");
        var person = people.invitation(token).orElseThrow(() -> new PassageException.Gone(INVITATION_GONE));
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        if (!password.equals(ctx.formParam("confirm"))) {
            renderInvite(ctx, 400, token, person.email(), "The two passwords differ.");
            return;
        }
        if (password.length() < PeopleService.MIN_PASSWORD || password.length() > PeopleService.MAX_PASSWORD) {
            renderInvite(ctx, 400, token, person.email(), "Choose a password of " + PeopleService.MIN_PASSWORD + " to "
                    + PeopleService.MAX_PASSWORD + " characters.");
            return;
        }
        SignIn.Success s = people.acceptInvitation(token, password);
        gate.cookies().set(ctx, Cookies.SESSION, s.token(), config.sessionTtl());
        ctx.redirect("/dashboard/links", HttpStatus.SEE_OTHER);
    }

    private void renderInvite(Context ctx, int status, String token, String email, String error) {
        Pages.render(ctx, status, "dashboard/invite.jte", "csrf", gate.preSessionToken(ctx), "token", token,
                "email", email, "error", error);
    }

    /** Sign-ins and invitation acceptances one address may try a minute ({@code dashboard.sign-in-rate-limit-per-minute}). */
    private void limit(Context ctx) {
        if (!limiter.tryAcquire(ctx.ip())) {
            ctx.header("Retry-After", "60");
            throw new PassageException.TooManyRequests("Too many sign-in attempts from this address: wait a minute and try again.");
        }
    }

    /** Where to go after signing in: a dashboard path, never another site. */
    static String next(String wanted) {
        return wanted != null && wanted.startsWith("/dashboard/") && !wanted.startsWith("//") && !wanted.contains("\\")
                && !wanted.contains("\r") && !wanted.contains("\n") && !wanted.startsWith("/dashboard/sign-")
                ? wanted : "/dashboard/links";
    }
}
