package dev.passage.server;

import dev.passage.server.config.PassageConfig;
import dev.passage.server.events.InProcessLinkEvents;
import dev.passage.server.events.LinkEvents;
import dev.passage.server.http.RateLimiter;
import dev.passage.server.links.ClaimRoutes;
import dev.passage.server.links.ClipPage;
import dev.passage.server.links.ClaimService;
import dev.passage.server.links.LinkStatusSockets;
import dev.passage.server.sessions.SessionService;
import dev.passage.server.sessions.SessionSockets;
import dev.passage.server.sessions.WorkerLauncher;
import dev.passage.server.http.HttpServer;
import dev.passage.server.integrations.IntegrationRegistry;
import dev.passage.server.integrations.ProvidersRoutes;
import dev.passage.server.links.LinkService;
import dev.passage.server.jobs.PeriodicJob;
import dev.passage.server.links.LinksRoutes;
import dev.passage.server.orgs.ApiKeyAuth;
import dev.passage.server.orgs.OrgService;
import dev.passage.server.secrets.MasterKey;
import dev.passage.server.secrets.SecretBox;
import dev.passage.server.store.Database;
import dev.passage.server.links.Link;
import dev.passage.server.links.LinkStatus;
import dev.passage.server.webhooks.LinkEvent;
import dev.passage.server.webhooks.WebhookDispatcher;
import dev.passage.server.webhooks.WebhookRoutes;
import dev.passage.server.webhooks.WebhookService;
import dev.passage.sandbox.Sandbox;
import dev.passage.server.automation.HostedWorker;
import dev.passage.server.automation.Traces;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Passage node: the services over one database, and (once started) the HTTP server and background jobs. */
public final class Passage implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Passage.class);

    private final PassageConfig config;
    private final Database db;
    private final OrgService orgs;
    private final LinkService links;
    private final IntegrationRegistry integrations;
    private final LinkEvents events;
    private final SessionService sessions;
    private final ClaimService claims;
    private final WebhookService webhooks;
    private final Clock clock;
    private HttpServer http;
    private PeriodicJob sweeper;
    private PeriodicJob timeouts;
    private WebhookDispatcher dispatcher;
    private final Traces traces;
    private volatile Sandbox sandbox;

    private Passage(PassageConfig config, Database db, IntegrationRegistry integrations, OrgService orgs, LinkService links,
                    LinkEvents events, SessionService sessions, ClaimService claims, WebhookService webhooks, Clock clock,
                    Traces traces) {
        this.traces = traces;
        this.config = config;
        this.db = db;
        this.integrations = integrations;
        this.orgs = orgs;
        this.links = links;
        this.events = events;
        this.sessions = sessions;
        this.claims = claims;
        this.webhooks = webhooks;
        this.clock = clock;
    }

    /** Opens the database (migrating it) and builds the services; starts nothing yet. Claims run the hosted worker. */
    public static Passage open(PassageConfig config, Clock clock) {
        return open(config, clock, null);
    }

    /**
     * As {@link #open(PassageConfig, Clock)}, with {@code launcher} starting the worker of each claimed
     * session ({@code null}: the hosted worker, running the integrations' automations).
     */
    public static Passage open(PassageConfig config, Clock clock, WorkerLauncher launcher) {
        IntegrationRegistry integrations = IntegrationRegistry.load(config.integrationsDir());
        byte[] masterKey = MasterKey.resolve(config);
        Database db = Database.open(config.database());
        OrgService orgs = new OrgService(db, clock);
        LinkEvents events = new InProcessLinkEvents();
        // The webhook service checks links through the link service, and the link service writes the
        // webhook outbox in its final-status transactions: the first reads the second once both exist.
        LinkService[] linkService = new LinkService[1];
        WebhookService webhooks = new WebhookService(db,
                SecretBox.forPurpose(masterKey, WebhookService.signingKeyPurpose()),
                (orgId, linkId) -> linkService[0].get(orgId, linkId), config, clock);
        LinkService links = new LinkService(db, integrations, SecretBox.forPurpose(masterKey, "link-arguments"), config,
                events, (handle, link) -> webhooks.enqueueInTransaction(handle, webhookEvent(link)), clock);
        linkService[0] = links;
        try {
            webhooks.ensureSigningKey();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        Traces traces = new Traces(db, clock);
        Passage[] self = new Passage[1];
        WorkerLauncher worker = launcher != null ? launcher : new HostedWorker(integrations,
                (sandboxId, liveKey) -> self[0].baseUrl(sandboxId, liveKey), links::openSecretArguments, config.automation(), traces,
                () -> java.net.URI.create("ws://" + loopbackOr(config.host()) + ":" + self[0].port()));
        SessionService sessions = new SessionService(db, SecretBox.forPurpose(masterKey, "session-data"),
                links.sessionOutcomes(), worker, config, clock);
        ClaimService claims = new ClaimService(links, sessions, clock);
        self[0] = new Passage(config, db, integrations, orgs, links, events, sessions, claims, webhooks, clock, traces);
        return self[0];
    }

    /** The address this node answers on for its own hosted worker. */
    private static String loopbackOr(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.isBlank() ? "127.0.0.1" : host;
    }

    /** The webhook event of a link that has just become complete or failed. */
    private static LinkEvent webhookEvent(Link link) {
        return link.status() == LinkStatus.COMPLETE
                ? LinkEvent.complete(link.id(), link.orgId(), link.webhookUrl(), link.result(), link.updatedAt())
                : LinkEvent.failed(link.id(), link.orgId(), link.webhookUrl(), link.error().code(), link.error().message(),
                        link.updatedAt());
    }

    /** Starts the background jobs, then the HTTP server: once it answers, everything behind it runs. */
    public Passage start() {
        if (config.automation().sandboxPortals() && !config.isProduction()) {
            sandbox = Sandbox.start(Sandbox.DEFAULT_HOST, config.automation().sandboxBasePort());
            log.info("Sandbox portals: {}", sandbox.urls());
        }
        // Reads show expiry at once; the sweeper makes it durable (and tells /link/ws subscribers).
        sweeper = PeriodicJob.every("link-sweeper", config.links().sweepInterval(), links::expireDue);
        // Session deadlines live on the session rows, so any node may enforce them and a restart loses none.
        timeouts = PeriodicJob.every("session-timeouts", config.sessions().timeoutCheckInterval(), () -> {
            sessions.enforceDeadlines();
            sessions.settleLinks();
        });
        dispatcher = webhooks.startDispatcher();
        http = new HttpServer(config, List.of(
                new ApiKeyAuth(orgs),
                new ProvidersRoutes(integrations),
                new LinksRoutes(links, traces::forLink),
                new ClipPage(),
                new ClaimRoutes(claims, new RateLimiter(config.links().claimRateLimitPerMinute(), clock)),
                new LinkStatusSockets(links, events),
                new SessionSockets(sessions),
                new WebhookRoutes(webhooks)), db::isHealthy);
        http.start();
        log.info("Passage listening on {}:{} ({}, {} database, public URL {})", config.host(), http.port(), config.env(),
                db.dialect().name().toLowerCase(java.util.Locale.ROOT), config.publicUrl());
        return this;
    }

    /**
     * The base URL an automation runs against: the sandbox portal {@code sandboxId} when this node runs
     * the portals, else the {@code automation.live-base-urls} entry {@code liveKey}.
     */
    public java.util.Optional<java.net.URI> baseUrl(String sandboxId, String liveKey) {
        Sandbox s = sandbox;
        if (s != null && s.urls().containsKey(sandboxId)) {
            return java.util.Optional.of(java.net.URI.create(s.url(sandboxId)));
        }
        return java.util.Optional.ofNullable(config.automation().liveBaseUrls().get(liveKey));
    }

    /** The sandbox portals this node started, by integration id (empty when it started none). */
    public java.util.Map<String, String> sandboxUrls() {
        Sandbox s = sandbox;
        return s == null ? java.util.Map.of() : s.urls();
    }

    /** The sandbox portals this node started, if any. */
    public java.util.Optional<Sandbox> sandbox() {
        return java.util.Optional.ofNullable(sandbox);
    }

    public int port() {
        return http.port();
    }

    public OrgService orgs() {
        return orgs;
    }

    public LinkService links() {
        return links;
    }

    public SessionService sessions() {
        return sessions;
    }

    public WebhookService webhooks() {
        return webhooks;
    }

    public Database database() {
        return db;
    }

    public PassageConfig config() {
        return config;
    }

    /** Stops taking requests, lets those in flight finish, then stops the jobs and closes the database. */
    @Override
    public void close() {
        if (http != null) {
            http.stop();
        }
        if (sweeper != null) {
            sweeper.close();
        }
        if (timeouts != null) {
            timeouts.close();
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        db.close();
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
