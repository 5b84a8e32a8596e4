package dev.passage.server;

import dev.passage.server.config.PassageConfig;
import dev.passage.server.http.HttpServer;
import dev.passage.server.integrations.IntegrationRegistry;
import dev.passage.server.integrations.ProvidersRoutes;
import dev.passage.server.links.LinkService;
import dev.passage.server.links.LinkSweeper;
import dev.passage.server.links.LinksRoutes;
import dev.passage.server.orgs.ApiKeyAuth;
import dev.passage.server.orgs.OrgService;
import dev.passage.server.secrets.MasterKey;
import dev.passage.server.secrets.SecretBox;
import dev.passage.server.store.Database;
import dev.passage.server.webhooks.WebhookDispatcher;
import dev.passage.server.webhooks.WebhookRoutes;
import dev.passage.server.webhooks.WebhookService;
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
    private final WebhookService webhooks;
    private HttpServer http;
    private LinkSweeper sweeper;
    private WebhookDispatcher dispatcher;

    private Passage(PassageConfig config, Database db, IntegrationRegistry integrations, OrgService orgs, LinkService links,
            WebhookService webhooks) {
        this.config = config;
        this.db = db;
        this.integrations = integrations;
        this.orgs = orgs;
        this.links = links;
        this.webhooks = webhooks;
    }

    /** Opens the database (migrating it) and builds the services; starts nothing yet. */
    public static Passage open(PassageConfig config, Clock clock) {
        IntegrationRegistry integrations = IntegrationRegistry.load(config.integrationsDir());
        byte[] masterKey = MasterKey.resolve(config);
        Database db = Database.open(config.database());
        OrgService orgs = new OrgService(db, clock);
        LinkService links = new LinkService(db, integrations, SecretBox.forPurpose(masterKey, "link-arguments"), config, clock);
        WebhookService webhooks = new WebhookService(db,
                SecretBox.forPurpose(masterKey, WebhookService.signingKeyPurpose()),
                (orgId, linkId) -> links.get(orgId, linkId), config, clock);
        try {
            webhooks.ensureSigningKey();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return new Passage(config, db, integrations, orgs, links, webhooks);
    }

    /** Starts the HTTP server and the background jobs. */
    public Passage start() {
        http = new HttpServer(config, List.of(
                new ApiKeyAuth(orgs),
                new ProvidersRoutes(integrations),
                new LinksRoutes(links),
                new WebhookRoutes(webhooks)), db::isHealthy);
        http.start();
        sweeper = new LinkSweeper(links, config.links().sweepInterval());
        dispatcher = webhooks.startDispatcher();
        log.info("Passage listening on {}:{} ({}, {} database, public URL {})", config.host(), http.port(), config.env(),
                db.dialect().name().toLowerCase(java.util.Locale.ROOT), config.publicUrl());
        return this;
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
        if (dispatcher != null) {
            dispatcher.close();
        }
        db.close();
    }
}
