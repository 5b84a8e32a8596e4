package dev.passage.sandbox.web;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson3;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One portal on its own Jetty server, so each has its own origin. */
public final class PortalServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("passage.sandbox");

    private final Portal portal;
    private final Javalin javalin;

    private PortalServer(Portal portal, Javalin javalin) {
        this.portal = portal;
        this.javalin = javalin;
    }

    /** Starts {@code portal} on {@code host}:{@code port} (0 for a free port). */
    public static PortalServer start(Portal portal, String host, int port) {
        Javalin javalin = Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.jsonMapper(new JavalinJackson3(Json.mapper(), false));
            c.startup.showJavalinBanner = false;
            c.jetty.host = host;
            c.jetty.port = port;
            // No graceful wait: a sandbox has nothing to drain, and open keep-alive connections would only delay stopping.
            c.jetty.modifyServer(server -> server.setStopTimeout(0));
            c.requestLogger.http((ctx, ms) -> log.debug("{} {} {} {}", portal.id(), ctx.method(), ctx.path(), ctx.statusCode()));
            c.routes.before(ctx -> Troubles.apply(portal, ctx));
            portal.register(c.routes);
        });
        javalin.start();
        return new PortalServer(portal, javalin);
    }

    /** The portal this server runs. */
    public Portal portal() {
        return portal;
    }

    /** The port actually bound. */
    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
