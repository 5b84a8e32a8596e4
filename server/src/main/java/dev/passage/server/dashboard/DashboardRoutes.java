package dev.passage.server.dashboard;

import dev.passage.server.automation.TraceRepository;
import dev.passage.server.config.PassageConfig;
import dev.passage.server.errors.PassageException;
import dev.passage.server.errors.ValidationException;
import dev.passage.server.http.HttpServer;
import dev.passage.server.integrations.IntegrationRegistry;
import dev.passage.server.links.CreatedLink;
import dev.passage.server.links.LinkPurpose;
import dev.passage.server.links.LinkQuery;
import dev.passage.server.links.LinkService;
import dev.passage.server.links.LinkStatus;
import dev.passage.server.links.LinksRoutes;
import dev.passage.server.links.StatusHistory;
import dev.passage.server.orgs.CreatedApiKey;
import dev.passage.server.orgs.OrgService;
import dev.passage.server.people.Invitation;
import dev.passage.server.people.Member;
import dev.passage.server.people.PeopleService;
import dev.passage.server.people.Role;
import dev.passage.server.sessions.SessionSummaries;
import dev.passage.server.web.Pages;
import dev.passage.server.webhooks.WebhookService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
    private final Gate gate;
    private final SignInRoutes signIn;

    public DashboardRoutes(Parts parts, PassageConfig config, Clock clock) {
        this.views = new DashboardViews(parts.links(), parts.orgs(), parts.webhooks(), parts.traces(), parts.history(),
                parts.sessions(), parts.people(), parts.integrations(), clock);
        this.tryIt = new TryIt(parts.integrations());
        this.people = parts.people();
        this.orgs = parts.orgs();
        this.links = parts.links();
        this.webhooks = parts.webhooks();
        this.config = config;
        this.gate = new Gate(parts.people(), new Cookies(config.dashboard().secureCookies()), !config.isProduction());
        this.signIn = new SignInRoutes(gate, parts.people(), config.dashboard(), clock);
    }

    /** The services the dashboard reads and acts through. */
    public record Parts(LinkService links, OrgService orgs, WebhookService webhooks, TraceRepository traces,
                        StatusHistory history, SessionSummaries sessions, PeopleService people,
                        IntegrationRegistry integrations) {}

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/dashboard", ctx -> ctx.redirect("/dashboard/links", HttpStatus.SEE_OTHER));
        signIn.register(routes);

        routes.get("/dashboard/links", gate.reading(this::linksPage));
        routes.get("/dashboard/links/rows", gate.reading(this::linkRows));
        routes.get("/dashboard/links/{id}", gate.reading(this::linkPage));
        routes.get("/dashboard/links/{id}/live", gate.reading(this::linkLive));
        routes.get("/dashboard/links/{id}/deliveries", gate.reading(this::deliveries));
        routes.get("/dashboard/links/{id}/screenshots/{session}/{step}", gate.reading(this::screenshot));
        routes.post("/dashboard/links/{id}/resend", gate.acting(true, this::resend));

        routes.get("/dashboard/keys", gate.reading((ctx, c) -> keysPage(ctx, c, 200, null)));
        routes.post("/dashboard/keys", gate.acting(true, this::createKey));
        routes.post("/dashboard/keys/{id}/revoke", gate.acting(true, this::revokeKey));

        routes.get("/dashboard/people", gate.reading((ctx, c) -> peoplePage(ctx, c, 200, null, List.of())));
        routes.post("/dashboard/people", gate.acting(true, this::invite));
        routes.post("/dashboard/people/{id}/remove", gate.acting(true, this::removePerson));

        routes.get("/dashboard/signing-keys", gate.reading(this::signingKeysPage));
        routes.post("/dashboard/signing-keys/rotate", gate.acting(true, this::rotate));

        if (!config.isProduction()) {
            // Try it exists in sandbox mode only: in production it is a page that is not there, signed in or not.
            routes.get("/dashboard/try", gate.reading(this::tryPage));
            routes.post("/dashboard/try", gate.acting(true, this::tryCreate));
        }

        // Last, so every page above wins: anything else under /dashboard is a page that is not there.
        routes.get("/dashboard/<rest>", gate.open(ctx -> {
            throw new PassageException.NotFound("There is no such page in the dashboard.");
        }));
    }

    // Links

    private void linksPage(Context ctx, Gate.Caller c) {
        Pages.render(ctx, 200, "dashboard/links.jte", "frame", gate.frame(c, "Links", "links"), "page", linksView(ctx, c));
    }

    private void linkRows(Context ctx, Gate.Caller c) {
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
    private Views.LinksPage linksView(Context ctx, Gate.Caller c) {
        LinkQuery query = linkQuery(ctx, c.member());
        String f = filters(ctx);
        return views.links(query, withCursor(f, blankToNull(ctx.queryParam("cursor"))),
                n -> "/dashboard/links" + withCursor(f, LinksRoutes.encodeCursor(n)));
    }

    private void linkPage(Context ctx, Gate.Caller c) {
        String id = ctx.pathParam("id");
        Pages.render(ctx, 200, "dashboard/link.jte", "frame", gate.frame(c, "Link " + id, "links"),
                "live", views.live(c.member(), id), "deliveries", views.deliveries(c.member(), id, null));
    }

    private void linkLive(Context ctx, Gate.Caller c) {
        Pages.render(ctx, 200, "dashboard/link-live.jte", "live", views.live(c.member(), ctx.pathParam("id")));
    }

    private void deliveries(Context ctx, Gate.Caller c) {
        Pages.render(ctx, 200, "dashboard/deliveries.jte", "d", views.deliveries(c.member(), ctx.pathParam("id"), null),
                "csrf", c.csrf());
    }

    private void screenshot(Context ctx, Gate.Caller c) {
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

    private void resend(Context ctx, Gate.Caller c) {
        String id = ctx.pathParam("id");
        views.link(c.member(), id);
        webhooks.resend(c.member().orgId(), id);
        if (Gate.isHtmx(ctx)) {
            Pages.render(ctx, 200, "dashboard/deliveries.jte", "d",
                    views.deliveries(c.member(), id, "Sent again as a new delivery."), "csrf", c.csrf());
        } else {
            ctx.redirect("/dashboard/links/" + id + "#deliveries", HttpStatus.SEE_OTHER);
        }
    }

    // API keys

    private void keysPage(Context ctx, Gate.Caller c, int status, CreatedApiKey created) {
        Pages.render(ctx, status, "dashboard/keys.jte", "frame", gate.frame(c, "API keys", "keys"),
                "keys", views.keys(c.member()), "created", created == null ? null : created.secret(),
                "createdId", created == null ? null : created.key().id());
    }

    private void createKey(Context ctx, Gate.Caller c) {
        keysPage(ctx, c, 201, orgs.createKey(c.member().orgId()));
    }

    private void revokeKey(Context ctx, Gate.Caller c) {
        String id = ctx.pathParam("id");
        if (!views.ownsKey(c.member(), id)) {
            throw new PassageException.NotFound("No API key with id " + id + " in this organization.");
        }
        orgs.revokeKey(id);
        ctx.redirect("/dashboard/keys", HttpStatus.SEE_OTHER);
    }

    // People

    private void peoplePage(Context ctx, Gate.Caller c, int status, Invitation invitation, List<String> issues) {
        Pages.render(ctx, status, "dashboard/people.jte", "frame", gate.frame(c, "People", "people"),
                "people", views.people(c.member()),
                "invitationUrl", invitation == null ? null : invitation.url(config.publicUrl()),
                "invited", invitation == null ? null : invitation.person().email(),
                "issues", issues);
    }

    private void invite(Context ctx, Gate.Caller c) {
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

    private void removePerson(Context ctx, Gate.Caller c) {
        people.remove(c.member(), ctx.pathParam("id"));
        ctx.redirect("/dashboard/people", HttpStatus.SEE_OTHER);
    }

    // Signing keys

    private void signingKeysPage(Context ctx, Gate.Caller c) {
        Pages.render(ctx, 200, "dashboard/signing-keys.jte", "frame", gate.frame(c, "Signing keys", "signing-keys"),
                "keys", views.signingKeys());
    }

    private void rotate(Context ctx, Gate.Caller c) {
        webhooks.rotateSigningKey();
        ctx.redirect("/dashboard/signing-keys", HttpStatus.SEE_OTHER);
    }

    // Try it (sandbox mode only)

    private void tryPage(Context ctx, Gate.Caller c) {
        requireSandbox();
        String wanted = ctx.queryParam("operation");
        TryIt.Chosen chosen = wanted == null ? tryIt.first() : tryIt.choose(wanted)
                .orElseThrow(() -> ValidationException.of("operation", "must be one of the integrations' operations"));
        renderTry(ctx, c, 200, tryIt.form(chosen, name -> null, List.of(), "", true), null);
    }

    private void tryCreate(Context ctx, Gate.Caller c) {
        requireSandbox();
        TryIt.Chosen chosen = tryIt.choose(ctx.formParam("operation"))
                .orElseThrow(() -> ValidationException.of("operation", "must be one of the integrations' operations"));
        String external = Optional.ofNullable(ctx.formParam("externalUserId")).orElse("");
        boolean debug = ctx.formParam("debug") != null;
        try {
            CreatedLink created = links.create(c.member().orgId(), tryIt.body(chosen, ctx::formParam, external, debug));
            String purpose = LinkPurpose.sentence(c.member().orgName(), chosen.integration().name(), created.link().operations()) + ".";
            renderTry(ctx, c, 201, tryIt.form(chosen, ctx::formParam, List.of(), external, debug),
                    new Views.TryLink(created.link().id(), created.claimCode(), created.appClipUrl(), purpose));
        } catch (ValidationException e) {
            renderTry(ctx, c, 400, tryIt.form(chosen, ctx::formParam,
                    e.issues().stream().map(i -> i.path() + " " + i.message()).toList(), external, debug), null);
        }
    }

    private void renderTry(Context ctx, Gate.Caller c, int status, Views.TryForm form, Views.TryLink created) {
        Pages.render(ctx, status, "dashboard/try.jte", "frame", gate.frame(c, "Try it", "try"), "form", form, "created", created);
    }

    private void requireSandbox() {
        if (config.isProduction()) {
            throw new PassageException.NotFound("There is no such page in the dashboard.");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
