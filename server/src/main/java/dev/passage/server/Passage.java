package dev.passage.server;

import dev.passage.server.automation.HostedWorker;
import dev.passage.server.automation.TraceRepository;
import dev.passage.server.automation.TraceRoutes;
import dev.passage.server.config.PassageConfig;
import dev.passage.server.events.EventBus;
import dev.passage.server.events.InProcessEventBus;
import dev.passage.server.http.HttpServer;
import dev.passage.server.http.AddressLimiter;
import dev.passage.server.http.ClientAddress;
import dev.passage.server.http.RateLimiter;
import dev.passage.server.idempotency.IdempotencyService;
import dev.passage.server.integrations.BaseUrls;
import dev.passage.server.integrations.IntegrationRegistry;
import dev.passage.server.integrations.PortalLocator;
import dev.passage.server.integrations.ProvidersRoutes;
import dev.passage.server.jobs.PeriodicJob;
import dev.passage.server.links.ClaimRoutes;
import dev.passage.server.links.ClaimService;
import dev.passage.server.links.ClipPage;
import dev.passage.server.links.DebugViewerRoutes;
import dev.passage.server.links.LinkConsentRoutes;
import dev.passage.server.links.LinkConsentService;
import dev.passage.server.links.LinkChanged;
import dev.passage.server.links.LinkService;
import dev.passage.server.links.LinkStatusSockets;
import dev.passage.server.links.LinksRoutes;
import dev.passage.server.links.SandboxLinkRoutes;
import dev.passage.server.metrics.Metrics;
import dev.passage.server.metrics.MetricsRoutes;
import dev.passage.server.nodes.NodeIdentity;
import dev.passage.server.nodes.Nodes;
import dev.passage.server.openapi.OpenApiDocument;
import dev.passage.server.openapi.OpenApiRoutes;
import dev.passage.server.orgs.ApiKeyAuth;
import dev.passage.server.orgs.OrgService;
import dev.passage.server.secrets.MasterKey;
import dev.passage.server.secrets.SecretBox;
import dev.passage.server.sessions.SessionService;
import dev.passage.server.sessions.SessionSockets;
import dev.passage.server.sessions.WorkerLauncher;
import dev.passage.server.store.Database;
import dev.passage.server.webhooks.WebhookDispatcher;
import dev.passage.server.webhooks.WebhookRoutes;
import dev.passage.server.webhooks.WebhookService;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Passage node, composed: the services over one database, and (once started) the HTTP server
 * and the background jobs. Nothing else lives here: no rule of any feature.
 */
public final class Passage implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Passage.class);

    private final PassageConfig config;
    private final Clock clock;
    private final Database db;
    private final IntegrationRegistry integrations;
    private final OrgService orgs;
    private final WebhookService webhooks;
    private final EventBus<LinkChanged> linkEvents = new InProcessEventBus<>("link status listener");
    private final Metrics metrics = new Metrics();
    private final LinkService links;
    private final TraceRepository traces;
    private final HttpServer http;
    private final SessionService sessions;
    private final Nodes nodes;
    private final ClaimService claims;
    private final IdempotencyService idempotency;
    private PeriodicJob sweeper;
    private PeriodicJob heartbeat;
    private PeriodicJob idempotencyPurge;
    private PeriodicJob timeouts;
    private WebhookDispatcher dispatcher;

    /** What a node is built from beyond its configuration; every part but the configuration has a default. */
    public static final class Builder {
        private final PassageConfig config;
        private Clock clock = Clock.systemUTC();
        private PortalLocator portals = PortalLocator.NONE;
        private WorkerLauncher launcher;

        private Builder(PassageConfig config) {
            this.config = config;
        }

        /** The clock every rule reads (expiry, deadlines, retries). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Where the sandbox portals run, when something started them (the {@code passage} executable does). */
        public Builder portals(PortalLocator portals) {
            this.portals = portals;
            return this;
        }

        /** Who works claimed sessions (default: the hosted worker, running the integrations' automations). */
        public Builder workerLauncher(WorkerLauncher launcher) {
            this.launcher = launcher;
            return this;
        }

        /** Opens the database (migrating it) and builds the services; starts nothing yet. */
        public Passage open() {
            return new Passage(this);
        }
    }

    public static Builder builder(PassageConfig config) {
        return new Builder(config);
    }

    /** Opens a node with the hosted worker and no sandbox portals (administrative commands, benchmarks). */
    public static Passage open(PassageConfig config, Clock clock) {
        return builder(config).clock(clock).open();
    }

    private Passage(Builder b) {
        this.config = b.config;
        this.clock = b.clock;
        this.integrations = IntegrationRegistry.load(config.integrationsDir());
        byte[] masterKey = MasterKey.resolve(config);
        this.db = Database.open(config.database());
        try {
            this.nodes = new Nodes(db, NodeIdentity.resolve(config), config.nodeTimeout(), Clock.systemUTC());
            this.orgs = new OrgService(db, clock);
            this.webhooks = new WebhookService(db, SecretBox.forPurpose(masterKey, WebhookService.signingKeyPurpose()),
                    config, metrics, clock);
            webhooks.ensureSigningKey();
            this.links = new LinkService(db, integrations, SecretBox.forPurpose(masterKey, "link-arguments"), config,
                    linkEvents, List.of(webhooks), metrics, clock);
            this.traces = new TraceRepository(db);
            this.http = new HttpServer(config, db::isHealthy, metrics);
            BaseUrls baseUrls = new BaseUrls(b.portals, config.automation());
            WorkerLauncher worker = b.launcher != null ? b.launcher
                    : new HostedWorker(integrations, baseUrls, links::openSecretArguments, config.automation(), traces,
                            http::localWebsocketBase, clock);
            this.sessions = new SessionService(db, SecretBox.forPurpose(masterKey, "session-keys"),
                    SecretBox.forPurpose(masterKey, "session-data"), links.sessionOutcomes(),
                    worker, id -> integrations.find(id).flatMap(baseUrls::originOf).map(List::of).orElse(List.of()),
                    config, nodes, clock);
            this.claims = new ClaimService(links, sessions, clock);
            metrics.gauge("passage.sessions.active", "Sessions not ended yet, on every node", sessions::liveCount);
            this.idempotency = new IdempotencyService(db, SecretBox.forPurpose(masterKey, "idempotent-replies"), clock);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Starts the background jobs, then the HTTP server: once it answers, everything behind it runs. */
    public Passage start() {
        // Reads show expiry at once; the sweeper makes it durable (and tells /link/ws subscribers).
        sweeper = PeriodicJob.every("link-sweeper", config.links().sweepInterval(), links::expireDue);
        // Session deadlines live on the session rows, so any node may enforce them and a restart loses none.
        timeouts = PeriodicJob.every("session-timeouts", config.sessions().timeoutCheckInterval(), sessions::enforceDeadlines);
        idempotencyPurge = PeriodicJob.every("idempotency-purge", java.time.Duration.ofMinutes(10), idempotency::purge);
        // What this node left when it last stopped without closing (a crash, kill -9) is settled first.
        sessions.recover();
        nodes.register();
        heartbeat = PeriodicJob.every("node-heartbeat", nodes.heartbeatInterval(), () -> {
            nodes.beat();
            sessions.reapDeadNodes();
            links.reapOrphans();
        });
        dispatcher = webhooks.startDispatcher(nodes.self());
        // One budget per client address for every public endpoint that takes a claim code.
        AddressLimiter codes = new AddressLimiter(new RateLimiter(config.links().claimRateLimitPerMinute(), clock),
                ClientAddress.trusting(config.http().trustedProxies()));
        List<HttpServer.Routes> routes = new java.util.ArrayList<>(List.of(
                new ApiKeyAuth(orgs, new RateLimiter(config.http().apiRateLimitPerMinute(), clock)),
                new ProvidersRoutes(integrations),
                new LinksRoutes(links, idempotency),
                new TraceRoutes(links, traces),
                new DebugViewerRoutes(links, sessions),
                new ClipPage(),
                new ClaimRoutes(claims, codes, metrics),
                new LinkConsentRoutes(new LinkConsentService(links, orgs, integrations, clock), codes),
                new LinkStatusSockets(links, linkEvents, codes),
                new SessionSockets(sessions),
                new WebhookRoutes(webhooks, links, idempotency),
                new MetricsRoutes(metrics, config.metricsToken()),
                new OpenApiRoutes(OpenApiDocument.build(config, integrations))));
        if (!config.isProduction()) {
            // Integrators' own tests drive links and receive test webhooks here; production has no such routes.
            routes.add(new SandboxLinkRoutes(links));
            routes.add(new WebhookRoutes(webhooks, links, idempotency).sandbox(integrations));
        }
        http.start(routes);
        log.info("Passage listening on {}:{} ({}, {} database, public URL {})", config.host(), http.port(), config.env(),
                db.dialect().name().toLowerCase(Locale.ROOT), config.publicUrl());
        return this;
    }

    public int port() {
        return http.port();
    }

    /** Every HTTP route this node registered, as {@code METHOD path-template}. */
    public List<String> routes() {
        return http.routes();
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
        if (heartbeat != null) {
            sessions.stopping();
        }
        http.stop();
        if (heartbeat != null) {
            heartbeat.close();
        }
        if (sweeper != null) {
            sweeper.close();
        }
        if (timeouts != null) {
            timeouts.close();
        }
        if (idempotencyPurge != null) {
            idempotencyPurge.close();
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        db.close();
        metrics.close();
    }
}
