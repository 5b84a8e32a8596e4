package dev.passage.server.dashboard;

import dev.passage.server.errors.PassageException;
import dev.passage.server.errors.ValidationException;
import dev.passage.server.http.ErrorResponse;
import dev.passage.server.http.HttpStatuses;
import dev.passage.server.people.Member;
import dev.passage.server.people.PeopleService;
import dev.passage.server.secrets.Tokens;
import dev.passage.server.web.Pages;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Who may pass, for every dashboard route: the signed-in person behind the session cookie, the CSRF
 * token every state-changing request must carry, the admin role for actions, and what a refusal
 * looks like (a page with its status for a browser, the API's JSON error shape for htmx and JSON
 * clients). Pages see a {@link Caller} or nothing.
 */
final class Gate {
    /** Who a signed-in request is, and the cookie secret its CSRF token comes from. */
    record Caller(Member member, String secret) {
        String csrf() {
            return Csrf.tokenFor(secret);
        }
    }

    @FunctionalInterface
    interface MemberHandler {
        void handle(Context ctx, Caller caller) throws Exception;
    }

    private final PeopleService people;
    private final Cookies cookies;
    private final boolean sandbox;

    Gate(PeopleService people, Cookies cookies, boolean sandbox) {
        this.people = people;
        this.cookies = cookies;
        this.sandbox = sandbox;
    }

    Cookies cookies() {
        return cookies;
    }

    Views.Frame frame(Caller c, String title, String section) {
        Member m = c.member();
        return new Views.Frame(title, section, m.orgName(), m.person().email(), m.isAdmin(), c.csrf(), sandbox);
    }

    Optional<Caller> caller(Context ctx) {
        String token = Cookies.get(ctx, Cookies.SESSION);
        return token == null ? Optional.empty() : people.session(token).map(m -> new Caller(m, token));
    }

    /** A page anyone may open; failures become pages (or JSON for htmx). */
    Handler open(Handler h) {
        return ctx -> {
            try {
                h.handle(ctx);
            } catch (PassageException e) {
                fail(ctx, e, null);
            }
        };
    }

    /** A page for any signed-in person of the organization. */
    Handler reading(MemberHandler h) {
        return ctx -> {
            Optional<Caller> caller = caller(ctx);
            if (caller.isEmpty()) {
                toSignIn(ctx);
                return;
            }
            try {
                h.handle(ctx, caller.get());
            } catch (PassageException e) {
                fail(ctx, e, caller.get());
            }
        };
    }

    /** A POST by a signed-in person with their session's CSRF token; only by admins when {@code admin}. */
    Handler acting(boolean admin, MemberHandler h) {
        return ctx -> {
            Optional<Caller> caller = caller(ctx);
            if (caller.isEmpty()) {
                toSignIn(ctx);
                return;
            }
            try {
                if (!Csrf.matches(caller.get().secret(), presentedToken(ctx))) {
                    throw new PassageException.Forbidden("This form's security token is missing or out of date: "
                            + "reload the page and try again.");
                }
                if (admin && !caller.get().member().isAdmin()) {
                    throw new PassageException.Forbidden("Only an admin of " + caller.get().member().orgName()
                            + " may do this; you are a viewer.");
                }
                h.handle(ctx, caller.get());
            } catch (PassageException e) {
                fail(ctx, e, caller.get());
            }
        };
    }

    /** The CSRF token of a form shown before sign-in, from the pre-session cookie (set here when missing). */
    String preSessionToken(Context ctx) {
        String secret = Cookies.get(ctx, Cookies.PRE_SESSION);
        if (secret == null || !secret.startsWith("pre_")) {
            secret = Tokens.secret("pre_");
            cookies.set(ctx, Cookies.PRE_SESSION, secret, Duration.ofHours(12));
        }
        return Csrf.tokenFor(secret);
    }

    /** Refuses a form posted before sign-in without the token of this browser's pre-session cookie. */
    static void requirePreSessionToken(Context ctx) {
        if (!Csrf.matches(Cookies.get(ctx, Cookies.PRE_SESSION), presentedToken(ctx))) {
            throw new PassageException.Forbidden("This form's security token is missing or out of date (is this browser "
                    + "refusing cookies?): reload the page and try again.");
        }
    }

    static boolean isHtmx(Context ctx) {
        return "true".equals(ctx.header("HX-Request"));
    }

    private void toSignIn(Context ctx) {
        if (isHtmx(ctx) || wantsJson(ctx)) {
            ctx.header("HX-Redirect", "/dashboard/sign-in");
            ctx.status(401).json(new ErrorResponse("Sign in to the dashboard first."));
            return;
        }
        String next = ctx.method() == HandlerType.GET ? ctx.path() : "/dashboard/links";
        ctx.redirect("/dashboard/sign-in?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
    }

    private void fail(Context ctx, PassageException e, Caller caller) {
        int status = HttpStatuses.of(e);
        List<ValidationException.Issue> issues = e instanceof ValidationException v ? v.issues() : null;
        if (isHtmx(ctx) || wantsJson(ctx)) {
            Pages.secure(ctx);
            ctx.status(status).json(new ErrorResponse(e.getMessage(), issues));
            return;
        }
        String message = issues == null ? e.getMessage()
                : String.join("; ", issues.stream().map(i -> i.path() + " " + i.message()).toList());
        Pages.render(ctx, status, "dashboard/error.jte", "frame", caller == null ? null : frame(caller, "Error", ""),
                "status", status, "message", message);
    }

    private static String presentedToken(Context ctx) {
        String header = ctx.header(Csrf.HEADER);
        if (header != null && !header.isEmpty()) {
            return header;
        }
        String contentType = Optional.ofNullable(ctx.contentType()).orElse("");
        return contentType.startsWith("application/x-www-form-urlencoded") || contentType.startsWith("multipart/form-data")
                ? ctx.formParam(Csrf.FIELD) : null;
    }

    private static boolean wantsJson(Context ctx) {
        String accept = Optional.ofNullable(ctx.header("Accept")).orElse("");
        return accept.contains("application/json") && !accept.contains("text/html");
    }
}
