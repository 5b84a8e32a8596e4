package dev.passage.server.dashboard;

import dev.passage.server.config.PassageConfig;
import dev.passage.server.errors.PassageException;
import dev.passage.server.errors.ValidationException;
import dev.passage.server.http.ErrorResponse;
import dev.passage.server.http.HttpServer;
import dev.passage.server.http.HttpStatuses;
import dev.passage.server.http.RateLimiter;
import dev.passage.server.links.CreatedLink;
import dev.passage.server.links.LinkQuery;
import dev.passage.server.links.LinkService;
import dev.passage.server.links.LinkStatus;
import dev.passage.server.links.LinksRoutes;
import dev.passage.server.orgs.CreatedApiKey;
import dev.passage.server.orgs.OrgService;
import dev.passage.server.people.Invitation;
import dev.passage.server.people.Member;
import dev.passage.server.people.PeopleService;
import dev.passage.server.people.Role;
import dev.passage.server.people.SignIn;
import dev.passage.server.secrets.Tokens;
import dev.passage.server.web.LinkPurpose;
import dev.passage.server.web.Pages;
import dev.passage.server.webhooks.WebhookService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code /dashboard}: where an organization's people sign in, manage API keys and people, follow links
 * (sessions, traces, webhook deliveries) and, in sandbox mode, try a link. Pages are rendered on the
 * server; htmx follows live parts and posts small actions.
 *
 * <p>Every state-changing request is a POST carrying the CSRF token of the browser's cookie (a form
 * field or htmx's header); admin actions are refused to viewers here, on the server, whatever a page
 * shows. A failure answers a page with the right status, or the API's JSON error shape to htmx and
 * JSON clients.
 */
public final class DashboardRoutes implements HttpServer.Routes {
    private static final int PAGE_SIZE = 25;

    private final DashboardViews views;
    private final TryIt tryIt;
    private final PeopleService people;
    private final OrgService orgs;
    private final LinkService links;
    private final WebhookService webhooks;
    private final PassageConfig config;
    private final Cookies cookies;
    private final RateLimiter signInLimiter;

    /** Who a signed-in request is, and the secret its CSRF token comes from. */
    private record Caller(Member member, String csrf) {}

    @FunctionalInterface
    private interface MemberHandler {
        void handle(Context ctx, Caller caller) throws Exception;
    }

    public DashboardRoutes(Parts parts, PassageConfig config, java.time.Clock clock) {
        this.views = new DashboardViews(parts.links(), parts.orgs(), parts.webhooks(), parts.traces(), parts.history(),
                parts.sessions(), parts.people(), parts.integrations(), clock);
        this.tryIt = new TryIt(parts.integrations());
        this.people = parts.people();
        this.orgs = parts.orgs();
        this.links = parts.links();
        this.webhooks = parts.webhooks();
        this.config = config;
        this.cookies = new Cookies(config.dashboard().secureCookies());
        this.signInLimiter = new RateLimiter(config.dashboard().signInRateLimitPerMinute(), clock);
    }

    /** The services the dashboard reads and acts through. */
    public record Parts(LinkService links, OrgService orgs, WebhookService webhooks,
                        dev.passage.server.automation.TraceRepository traces,
                        dev.passage.server.links.StatusHistory history,
                        dev.passage.server.sessions.SessionSummaries sessions, PeopleService people,
                        dev.passage.server.integrations.IntegrationRegistry integrations) {}

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/dashboard", ctx -> ctx.redirect("/dashboard/links", io.javalin.http.HttpStatus.SEE_OTHER));
        routes.get("/dashboard/sign-in", page(this::signInPage));
        routes.post("/dashboard/sign-in", page(this::signIn));
        routes.post("/dashboard/sign-out", signedIn(false, this::signOut));
        routes.get("/dashboard/invite", page(this::invitePage));
        routes.post("/dashboard/invite", page(this::acceptInvite));

        routes.get("/dashboard/links", reading(this::linksPage));
        routes.get("/dashboard/links/rows", reading(this::linkRows));
        routes.get("/dashboard/links/{id}", reading(this::linkPage));
        routes.get("/dashboard/links/{id}/live", reading(this::linkLive));
        routes.get("/dashboard/links/{id}/deliveries", reading(this::deliveries));
        routes.get("/dashboard/links/{id}/screenshots/{session}/{step}", reading(this::screenshot));
        routes.post("/dashboard/links/{id}/resend", signedIn(true, this::resend));

        routes.get("/dashboard/keys", reading((ctx, c) -> keysPage(ctx, c, 200, null)));
        routes.post("/dashboard/keys", signedIn(true, this::createKey));
        routes.post("/dashboard/keys/{id}/revoke", signedIn(true, this::revokeKey));

        routes.get("/dashboard/people", reading((ctx, c) -> peoplePage(ctx, c, 200, null, List.of())));
        routes.post("/dashboard/people", signedIn(true, this::invite));
        routes.post("/dashboard/people/{id}/remove", signedIn(true, this::removePerson));

        routes.get("/dashboard/signing-keys", reading(this::signingKeysPage));
        routes.post("/dashboard/signing-keys/rotate", signedIn(true, this::rotate));

        if (!config.isProduction()) {
            // Try it exists in sandbox mode only: in production it is a page that is not there, signed in or not.
            routes.get("/dashboard/try", reading(this::tryPage));
            routes.post("/dashboard/try", signedIn(true, this::tryCreate));
        }

        // Last, so every page above wins: anything else under /dashboard is a page that is not there.
        routes.get("/dashboard/<rest>", page(ctx -> {
            throw new PassageException.NotFound("There is no such page in the dashboard.");
        }));
    }

    // Signing in and out

    private void signInPage(Context ctx) {
        if (caller(ctx).isPresent()) {
            ctx.redirect("/dashboard/links", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        renderSignIn(ctx, 200, null, "", next(ctx.queryParam("next")));
    }

    private void signIn(Context ctx) {
        if (!signInLimiter.tryAcquire(ctx.ip())) {
            ctx.header("Retry-After", "60");
            throw new PassageException.TooManyRequests("Too many sign-in attempts from this address: wait a minute and try again.");
        }
        requirePreSessionToken(ctx);
        String email = Optional.ofNullable(ctx.formParam("email")).orElse("");
        String next = next(ctx.formParam("next"));
        switch (people.signIn(email, Optional.ofNullable(ctx.formParam("password")).orElse(""))) {
            case SignIn.Success s -> {
                cookies.set(ctx, Cookies.SESSION, s.token(), config.dashboard().sessionTtl());
                ctx.redirect(next, io.javalin.http.HttpStatus.SEE_OTHER);
            }
            case SignIn.Refused r -> renderSignIn(ctx, 401, "The email or the password is wrong.", email, next);
            case SignIn.Locked l -> renderSignIn(ctx, 423, "Too many failed sign-ins: this account is locked until "
                    + Times.at(l.until()) + ". Try again then.", email, next);
        }
    }

    private void renderSignIn(Context ctx, int status, String error, String email, String next) {
        Pages.render(ctx, status, "dashboard/sign-in.jte", "csrf", preSessionToken(ctx), "error", error,
                "email", email, "next", next);
    }

    private void signOut(Context ctx, Caller caller) {
        people.signOut(Cookies.get(ctx, Cookies.SESSION));
        cookies.clear(ctx, Cookies.SESSION);
        ctx.redirect("/dashboard/sign-in", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void invitePage(Context ctx) {
        String token = ctx.queryParam("token");
        var person = people.invitation(token).orElseThrow(() -> new PassageException.Gone(
                "This invitation link has expired, has been used, or is incomplete. Ask an admin for a new one."));
        Pages.render(ctx, 200, "dashboard/invite.jte", "csrf", preSessionToken(ctx), "token", token,
                "email", person.email(), "error", null);
    }

    private void acceptInvite(Context ctx) {
        if (!signInLimiter.tryAcquire(ctx.ip())) {
            ctx.header("Retry-After", "60");
            throw new PassageException.TooManyRequests("Too many attempts from this address: wait a minute and try again.");
        }
        requirePreSessionToken(ctx);
        String token = ctx.formParam("token");
        var person = people.invitation(token).orElseThrow(() -> new PassageException.Gone(
                "This invitation link has expired, has been used, or is incomplete. Ask an admin for a new one."));
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        String error = null;
        if (!password.equals(ctx.formParam("confirm"))) {
            error = "The two passwords differ.";
        } else if (password.length() < PeopleService.MIN_PASSWORD || password.length() > PeopleService.MAX_PASSWORD) {
            error = "Choose a password of " + PeopleService.MIN_PASSWORD + " to " + PeopleService.MAX_PASSWORD + " characters.";
        }
        if (error != null) {
            Pages.render(ctx, 400, "dashboard/invite.jte", "csrf", preSessionToken(ctx), "token", token,
                    "email", person.email(), "error", error);
            return;
        }
        SignIn.Success s = people.acceptInvitation(token, password);
        cookies.set(ctx, Cookies.SESSION, s.token(), config.dashboard().sessionTtl());
        ctx.redirect("/dashboard/links", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    // Links

    private void linksPage(Context ctx, Caller c) {
        Pages.render(ctx, 200, "dashboard/links.jte", "frame", frame(c, "Links", "links"), "page", linksView(ctx, c));
    }

    private void linkRows(Context ctx, Caller c) {
        Pages.render(ctx, 200, "dashboard/link-rows.jte", "page", linksView(ctx, c));
    }

    private LinkQuery linkQuery(Context ctx, Member member) {
        Optional<LinkStatus> status = Optional.empty();
        String rawStatus = blankToNull(ctx.queryParam("status"));
        if (rawStatus != null) {
            status = LinkStatus.parse(rawStatus);
            if (status.isEmpty()) {
                throw ValidationException.of("status", "must be one of pending, active, complete, failed, expired");
            }
        }
        Optional<LinkQuery.Cursor> cursor = Optional.empty();
        String rawCursor = blankToNull(ctx.queryParam("cursor"));
        if (rawCursor != null) {
            cursor = LinksRoutes.decodeCursor(rawCursor);
            if (cursor.isEmpty()) {
                throw ValidationException.of("cursor", "is not a page of this list; start again from the first page");
            }
        }
        String external = blankToNull(ctx.queryParam("externalUserId"));
        if (external != null && external.length() > 255) {
            throw ValidationException.of("externalUserId", "must be at most 255 characters");
        }
        return new LinkQuery(member.orgId(), PAGE_SIZE, cursor, status,
                Optional.ofNullable(blankToNull(ctx.queryParam("integrationId"))), Optional.ofNullable(external));
    }

    /** The filters as a query string ({@code ?status=…&…}, or empty). */
    private static String filters(Context ctx) {
        StringBuilder q = new StringBuilder();
        for (String name : List.of("status", "integrationId", "externalUserId")) {
            String v = blankToNull(ctx.queryParam(name));
            if (v != null) {
                q.append(q.isEmpty() ? "?" : "&").append(name).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        }
        return q.toString();
    }

    private static String withCursor(String filters, String cursor) {
        return cursor == null ? filters
                : filters + (filters.isEmpty() ? "?" : "&") + "cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
    }

    /** The rows fragment's query (the same page), and the next page's URL when there is one. */
    private Views.LinksPage linksView(Context ctx, Caller c) {
        LinkQuery query = linkQuery(ctx, c.member());
        String f = filters(ctx);
        return views.links(query, withCursor(f, blankToNull(ctx.queryParam("cursor"))),
                n -> "/dashboard/links" + withCursor(f, LinksRoutes.encodeCursor(n)));
    }

    private void linkPage(Context ctx, Caller c) {
        String id = ctx.pathParam("id");
        Pages.render(ctx, 200, "dashboard/link.jte", "frame", frame(c, "Link " + id, "links"),
                "live", views.live(c.member(), id), "deliveries", views.deliveries(c.member(), id, null));
    }

    private void linkLive(Context ctx, Caller c) {
        Pages.render(ctx, 200, "dashboard/link-live.jte", "live", views.live(c.member(), ctx.pathParam("id")));
    }

    private void deliveries(Context ctx, Caller c) {
        Pages.render(ctx, 200, "dashboard/deliveries.jte", "d", views.deliveries(c.member(), ctx.pathParam("id"), null),
                "csrf", Csrf.tokenFor(c.csrf()));
    }

    private void screenshot(Context ctx, Caller c) {
        int step;
        try {
            step = Integer.parseInt(ctx.pathParam("step"));
        } catch (NumberFormatException e) {
            throw new PassageException.NotFound("No such screenshot.");
        }
        byte[] png = views.screenshot(c.member(), ctx.pathParam("id"), ctx.pathParam("session"), step)
                .orElseThrow(() -> new PassageException.NotFound("No such screenshot."));
        ctx.header("Cache-Control", "private, max-age=3600");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType("image/png").result(png);
    }

    private void resend(Context ctx, Caller c) {
        String id = ctx.pathParam("id");
        views.link(c.member(), id);
        webhooks.resend(c.member().orgId(), id);
        if (isHtmx(ctx)) {
            Pages.render(ctx, 200, "dashboard/deliveries.jte", "d",
                    views.deliveries(c.member(), id, "Sent again as a new delivery."), "csrf", Csrf.tokenFor(c.csrf()));
        } else {
            ctx.redirect("/dashboard/links/" + id + "#deliveries", io.javalin.http.HttpStatus.SEE_OTHER);
        }
    }

    // API keys

    private void keysPage(Context ctx, Caller c, int status, CreatedApiKey created) {
        Pages.render(ctx, status, "dashboard/keys.jte", "frame", frame(c, "API keys", "keys"),
                "keys", views.keys(c.member()), "created", created == null ? null : created.secret(),
                "createdId", created == null ? null : created.key().id());
    }

    private void createKey(Context ctx, Caller c) {
        keysPage(ctx, c, 201, orgs.createKey(c.member().orgId()));
    }

    private void revokeKey(Context ctx, Caller c) {
        String id = ctx.pathParam("id");
        if (!views.ownsKey(c.member(), id)) {
            throw new PassageException.NotFound("No API key with id " + id + " in this organization.");
        }
        orgs.revokeKey(id);
        ctx.redirect("/dashboard/keys", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    // People

    private void peoplePage(Context ctx, Caller c, int status, Invitation invitation, List<String> issues) {
        Pages.render(ctx, status, "dashboard/people.jte", "frame", frame(c, "People", "people"),
                "people", views.people(c.member()),
                "invitationUrl", invitation == null ? null : invitation.url(config.publicUrl()),
                "invited", invitation == null ? null : invitation.person().email(),
                "issues", issues);
    }

    private void invite(Context ctx, Caller c) {
        Optional<Role> role = Role.parse(Optional.ofNullable(ctx.formParam("role")).orElse("viewer"));
        if (role.isEmpty()) {
            peoplePage(ctx, c, 400, null, List.of("Role must be admin or viewer."));
            return;
        }
        try {
            peoplePage(ctx, c, 201, people.invite(c.member().orgId(), ctx.formParam("email"), role.get()), List.of());
        } catch (ValidationException e) {
            peoplePage(ctx, c, 400, null, e.issues().stream().map(i -> i.path() + " " + i.message()).toList());
        } catch (PassageException.Conflict e) {
            peoplePage(ctx, c, 409, null, List.of(e.getMessage()));
        }
    }

    private void removePerson(Context ctx, Caller c) {
        people.remove(c.member(), ctx.pathParam("id"));
        ctx.redirect("/dashboard/people", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    // Signing keys

    private void signingKeysPage(Context ctx, Caller c) {
        Pages.render(ctx, 200, "dashboard/signing-keys.jte", "frame", frame(c, "Signing keys", "signing-keys"),
                "keys", views.signingKeys());
    }

    private void rotate(Context ctx, Caller c) {
        webhooks.rotateSigningKey();
        ctx.redirect("/dashboard/signing-keys", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    // Try it (sandbox mode only)

    private void tryPage(Context ctx, Caller c) {
        requireSandbox();
        String wanted = ctx.queryParam("operation");
        TryIt.Chosen chosen = wanted == null ? tryIt.first() : tryIt.choose(wanted)
                .orElseThrow(() -> ValidationException.of("operation", "must be one of the integrations' operations"));
        renderTry(ctx, c, 200, tryIt.form(chosen, name -> null, List.of(), "", true), null);
    }

    private void tryCreate(Context ctx, Caller c) {
        requireSandbox();
        TryIt.Chosen chosen = tryIt.choose(ctx.formParam("operation"))
                .orElseThrow(() -> ValidationException.of("operation", "must be one of the integrations' operations"));
        String external = Optional.ofNullable(ctx.formParam("externalUserId")).orElse("");
        boolean debug = ctx.formParam("debug") != null;
        try {
            CreatedLink created = links.create(c.member().orgId(), tryIt.body(chosen, ctx::formParam, external, debug));
            String purpose = LinkPurpose.sentence(c.member().orgName(), chosen.integration(), created.link().operations());
            renderTry(ctx, c, 201, tryIt.form(chosen, ctx::formParam, List.of(), external, debug),
                    new Views.TryLink(created.link().id(), created.claimCode(), created.appClipUrl(), purpose));
        } catch (ValidationException e) {
            renderTry(ctx, c, 400, tryIt.form(chosen, ctx::formParam,
                    e.issues().stream().map(i -> i.path() + " " + i.message()).toList(), external, debug), null);
        }
    }

    private void renderTry(Context ctx, Caller c, int status, Views.TryForm form, Views.TryLink created) {
        Pages.render(ctx, status, "dashboard/try.jte", "frame", frame(c, "Try it", "try"), "form", form, "created", created);
    }

    private void requireSandbox() {
        if (config.isProduction()) {
            throw new PassageException.NotFound("There is no such page in the dashboard.");
        }
    }

    // Plumbing: who is asking, CSRF, roles, errors

    private Views.Frame frame(Caller c, String title, String section) {
        Member m = c.member();
        return new Views.Frame(title, section, m.orgName(), m.person().email(), m.isAdmin(), Csrf.tokenFor(c.csrf()),
                !config.isProduction());
    }

    private Optional<Caller> caller(Context ctx) {
        String token = Cookies.get(ctx, Cookies.SESSION);
        return token == null ? Optional.empty() : people.session(token).map(m -> new Caller(m, token));
    }

    /** A page anyone may open; failures become pages (or JSON for htmx). */
    private Handler page(Handler h) {
        return ctx -> {
            try {
                h.handle(ctx);
            } catch (PassageException e) {
                fail(ctx, e, null);
            }
        };
    }

    /** A page for any signed-in person of the organization. */
    private Handler reading(MemberHandler h) {
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

    /** A POST by a signed-in person, with the CSRF token of their session; only admins when {@code admin}. */
    private Handler signedIn(boolean admin, MemberHandler h) {
        return ctx -> {
            Optional<Caller> caller = caller(ctx);
            if (caller.isEmpty()) {
                toSignIn(ctx);
                return;
            }
            try {
                if (!Csrf.matches(caller.get().csrf(), presentedToken(ctx))) {
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

    private void toSignIn(Context ctx) {
        if (isHtmx(ctx) || wantsJson(ctx)) {
            ctx.header("HX-Redirect", "/dashboard/sign-in");
            ctx.status(401).json(new ErrorResponse("Sign in to the dashboard first."));
            return;
        }
        String next = ctx.method() == io.javalin.http.HandlerType.GET ? ctx.path() : "/dashboard/links";
        ctx.redirect("/dashboard/sign-in?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8),
                io.javalin.http.HttpStatus.SEE_OTHER);
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

    private String preSessionToken(Context ctx) {
        String secret = Cookies.get(ctx, Cookies.PRE_SESSION);
        if (secret == null || !secret.startsWith("pre_")) {
            secret = Tokens.secret("pre_");
            cookies.set(ctx, Cookies.PRE_SESSION, secret, Duration.ofHours(12));
        }
        return Csrf.tokenFor(secret);
    }

    private static void requirePreSessionToken(Context ctx) {
        if (!Csrf.matches(Cookies.get(ctx, Cookies.PRE_SESSION), presentedToken(ctx))) {
            throw new PassageException.Forbidden("This form's security token is missing or out of date (is this browser "
                    + "refusing cookies?): reload the page and try again.");
        }
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

    private static boolean isHtmx(Context ctx) {
        return "true".equals(ctx.header("HX-Request"));
    }

    private static boolean wantsJson(Context ctx) {
        String accept = Optional.ofNullable(ctx.header("Accept")).orElse("");
        return accept.contains("application/json") && !accept.contains("text/html");
    }

    /** Where to go after signing in: a dashboard path, never another site. */
    private static String next(String wanted) {
        return wanted != null && wanted.startsWith("/dashboard/") && !wanted.startsWith("//") && !wanted.contains("\\")
                && !wanted.contains("\r") && !wanted.contains("\n") && !wanted.startsWith("/dashboard/sign-")
                ? wanted : "/dashboard/links";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
