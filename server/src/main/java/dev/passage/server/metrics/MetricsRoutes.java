package dev.passage.server.metrics;

import dev.passage.server.errors.PassageException;
import dev.passage.server.http.HttpServer;
import io.javalin.config.RoutesConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** {@code GET /metrics}: Prometheus' text format; behind {@code Authorization: Bearer <metrics.token>} when one is set. */
public final class MetricsRoutes implements HttpServer.Routes {
    private final Metrics metrics;
    private final Optional<String> token;

    public MetricsRoutes(Metrics metrics, Optional<String> token) {
        this.metrics = metrics;
        this.token = token;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/metrics", ctx -> {
            if (token.isPresent()) {
                String given = Optional.ofNullable(ctx.header("Authorization")).filter(h -> h.startsWith("Bearer "))
                        .map(h -> h.substring(7)).orElse("");
                if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.get().getBytes(StandardCharsets.UTF_8))) {
                    throw new PassageException.Unauthorized("The metrics need Authorization: Bearer <metrics.token>.");
                }
            }
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
        });
    }
}
