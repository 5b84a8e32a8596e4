package dev.passage.server.web;

import dev.passage.server.errors.PassageException;
import dev.passage.server.http.AddressLimiter;
import dev.passage.server.http.HttpServer;
import dev.passage.server.links.Link;
import dev.passage.server.links.LinkConsentService;
import dev.passage.server.links.LinkInfo;
import dev.passage.server.links.LinkPurpose;
import dev.passage.server.links.LinkService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The public pages and files of a link, found by its claim code: the link page a link's
 * {@code appClipUrl} opens ({@code GET /clip?code=…}) and its QR code ({@code GET /link/qr.svg?code=…}).
 * Both spend the client address's one budget for everything public that takes a claim code (with
 * the claim, {@code /link/ws}, {@code /link/info} and {@code /link/decline}), since the code is the
 * secret. The page says what the link is for in {@code /link/info}'s words; none shows arguments or tokens.
 */
public final class LinkPageRoutes implements HttpServer.Routes {
    private static final Pattern CODE = Pattern.compile("clm_[0-9a-f-]{36}");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final LinkService links;
    private final LinkConsentService consent;
    private final AddressLimiter limiter;

    public LinkPageRoutes(LinkService links, LinkConsentService consent, AddressLimiter limiter) {
        this.links = links;
        this.consent = consent;
        this.limiter = limiter;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/clip", this::page);
        routes.get("/link/qr.svg", this::qr);
    }

    private void page(Context ctx) {
        try {
            limiter.check(ctx);
        } catch (PassageException.TooManyRequests e) {
            show(ctx, 429, LinkPageView.plain("busy", "One moment", "This device asked about links too often. Wait a few "
                    + "seconds and reload the page."));
            return;
        }
        String code = ctx.queryParam("code");
        if (code == null || code.isBlank()) {
            show(ctx, 400, LinkPageView.plain("missing", "This address is missing its link",
                    "Open the whole link you were given: it ends in ?code=clm_… ."));
            return;
        }
        Optional<Link> found = find(code);
        if (found.isEmpty()) {
            show(ctx, 404, LinkPageView.plain("unknown", "We don't know this link",
                    "Check that you opened the whole link you were given, or ask for a new one."));
            return;
        }
        Link link = found.get();
        LinkInfo info = consent.info(link, code);
        String organization = info.organization().name() == null ? "the app that sent you here" : info.organization().name();
        String service = info.integration().name();
        record Shown(int status, String state, String heading, String message) {}
        Shown shown = switch (link.status()) {
            case PENDING -> new Shown(200, "ready", "Link your " + service + " account", null);
            case FAILED -> new Shown(200, "retry", "Link your " + service + " account",
                    "The last try did not finish. You can try again.");
            case ACTIVE -> new Shown(200, "active", "Linking your " + service + " account",
                    "This link is in use on a device right now. Finish there; this page follows along.");
            case COMPLETE -> new Shown(409, "complete", "Your " + service + " account is linked",
                    "This link has been used and cannot be used again. You can close this page.");
            case EXPIRED -> new Shown(410, "expired", "This link has expired",
                    "Ask " + organization + " for a new link.");
        };
        boolean live = shown.state().equals("ready") || shown.state().equals("retry") || shown.state().equals("active");
        show(ctx, shown.status(), new LinkPageView(shown.state(), shown.heading(), shown.message(),
                info.organization().name(), service, info.purpose(),
                info.operations().stream().map(op -> LinkPurpose.capitalize(op.phrase())).toList(),
                live ? info.appClipUrl() : null, live ? code : null, TIME.format(Instant.ofEpochMilli(info.expiresAt())),
                info.lastTry()));
    }

    private void qr(Context ctx) {
        String code = checkedCode(ctx);
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        ctx.contentType("image/svg+xml").result(QrCodes.svg(links.appClipUrl(code)));
    }

    /** The request's claim code, once it names a link; 429, 400 or 404 (JSON) otherwise. */
    private String checkedCode(Context ctx) {
        limiter.check(ctx);
        String code = ctx.queryParam("code");
        if (code == null || code.isBlank()) {
            throw new PassageException.BadRequest("code is required: the claim code (clm_…) of the link.");
        }
        if (find(code).isEmpty()) {
            throw new PassageException.NotFound("No link has this claim code.");
        }
        return code;
    }

    private Optional<Link> find(String code) {
        return CODE.matcher(code).matches() ? consent.lookUp(code) : Optional.empty();
    }

    private static void show(Context ctx, int status, LinkPageView view) {
        Pages.render(ctx, status, "linkpage/page.jte", "view", view);
    }
}
