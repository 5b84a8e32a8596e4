package dev.passage.server.http;

import dev.passage.server.config.PassageConfig;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.json.JavalinJackson3;
import dev.passage.server.json.Json;
import dev.passage.server.metrics.Metrics;
import java.net.URI;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Javalin on virtual threads: request ids, request log, errors in the API reference's shape, and every feature's routes. */
public final class HttpServer {
    private static final Logger log = LoggerFactory.getLogger("passage.http");
    private static final long WS_MAX_MESSAGE_BYTES = 1024L * 1024;

    /** A feature's routes, registered on the shared router. */
    public interface Routes {
        void register(RoutesConfig routes);
    }

    /** {@code GET /healthz}. */
    record Health(String status) {}

    private final PassageConfig config;
    private final BooleanSupplier healthy;
    private final Metrics metrics;
    private Javalin javalin;

    /** A server for {@code config}; it listens once {@link #start} gives it the features' routes. */
    public HttpServer(PassageConfig config, BooleanSupplier healthy, Metrics metrics) {
        this.config = config;
        this.healthy = healthy;
        this.metrics = metrics;
    }

    /** Registers every feature's routes and starts listening. */
    public void start(List<Routes> features) {
        this.javalin = Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.jsonMapper(new JavalinJackson3(Json.mapper(), false));
            c.http.maxRequestSize = config.http().maxBodyBytes();
            c.http.defaultContentType = "application/json";
            c.startup.showJavalinBanner = false;
            c.jetty.host = config.host();
            c.jetty.port = config.port();
            c.jetty.modifyServer(server -> {
                server.setStopTimeout(10_000);
                server.setErrorHandler(new JsonErrorHandler());
            });
            c.jetty.modifyServletContextHandler(context -> {
                context.setErrorHandler(new JsonErrorHandler());
                // Passage keeps no servlet sessions: no JSESSIONID cookie, on websocket upgrades or anywhere.
                if (context.getSessionHandler() != null) {
                    context.getSessionHandler().setUsingCookies(false);
                }
                context.addFilter(new org.eclipse.jetty.ee10.servlet.FilterHolder(new UpgradeWithoutKey()), "/*",
                        java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
            });
            // Telemetry batches carry response bodies (each cut at 64 KiB by the injection script).
            c.jetty.modifyWebSocketServletFactory(ws -> ws.setMaxTextMessageSize(WS_MAX_MESSAGE_BYTES));
            c.requestLogger.http((ctx, ms) -> {
                metrics.request(ctx.method().name(), route(ctx), ctx.statusCode(), (long) (ms * 1_000_000));
                MDC.put(RequestIds.MDC_KEY, RequestIds.of(ctx));
                // Path only: query strings can carry claim codes and tokens.
                log.info("{} {} {} {}ms", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(ms));
                MDC.remove(RequestIds.MDC_KEY);
            });
            c.routes.before(RequestIds::assign);
            c.routes.after(ctx -> MDC.remove(RequestIds.MDC_KEY));
            ErrorMapper.register(c.routes);
            c.routes.get("/healthz", ctx -> {
                boolean ok = healthy.getAsBoolean();
                ctx.status(ok ? 200 : 503).json(new Health(ok ? "ok" : "unavailable"));
            });
            features.forEach(f -> f.register(c.routes));
        });
        javalin.start();
    }

    /** The route template a request matched ({@code /v1/links/{id}}), or {@code unmatched}: never the path itself. */
    private static String route(io.javalin.http.Context ctx) {
        try {
            io.javalin.router.Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
            return endpoint == null ? "unmatched" : endpoint.path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    /**
     * Every route registered, as {@code METHOD path-template} (for the API document's check): the
     * HTTP endpoints, and each websocket as the GET that upgrades it; no before/after filters.
     */
    public java.util.List<String> routes() {
        return javalin.unsafe.internalRouter.allHttpHandlers().stream().map(h -> switch (h.endpoint.method.name()) {
            case "GET", "POST", "PUT", "PATCH", "DELETE" -> h.endpoint.method.name() + " " + h.endpoint.path;
            case "WEBSOCKET_BEFORE_UPGRADE" -> "GET " + h.endpoint.path;
            default -> "";
        }).filter(r -> !r.isEmpty()).distinct().toList();
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    public int port() {
        return javalin.port();
    }

    /** This node's own websocket base, {@code ws://host:port}, for workers it runs itself (once it listens). */
    public URI localWebsocketBase() {
        String host = config.host();
        String reachable = host.equals("0.0.0.0") || host.equals("::") || host.isBlank() ? "127.0.0.1"
                : host.contains(":") ? "[" + host + "]" : host;
        return URI.create("ws://" + reachable + ":" + port());
    }

    public void stop() {
        if (javalin != null) {
            javalin.stop();
        }
    }
}
