package dev.passage.server.http;

import dev.passage.server.config.PassageConfig;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.json.JavalinJackson3;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Javalin on virtual threads: request ids, request log, errors in the SPEC's shape, and every feature's routes. */
public final class HttpServer {
    private static final Logger log = LoggerFactory.getLogger("passage.http");
    private static final long WS_MAX_MESSAGE_BYTES = 4L * 1024 * 1024;

    /** A feature's routes, registered on the shared router. */
    public interface Routes {
        void register(RoutesConfig routes);
    }

    private final Javalin javalin;

    public HttpServer(PassageConfig config, List<Routes> features, BooleanSupplier healthy) {
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
            c.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler()));
            // Telemetry batches carry response bodies (each cut at 64 KiB by the injection script).
            c.jetty.modifyWebSocketServletFactory(ws -> ws.setMaxTextMessageSize(WS_MAX_MESSAGE_BYTES));
            c.requestLogger.http((ctx, ms) -> {
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
                ctx.status(ok ? 200 : 503).json(java.util.Map.of("status", ok ? "ok" : "unavailable"));
            });
            features.forEach(f -> f.register(c.routes));
        });
    }

    public void start() {
        javalin.start();
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    public int port() {
        return javalin.port();
    }

    public void stop() {
        javalin.stop();
    }
}
