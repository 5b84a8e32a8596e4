package dev.passage.server.links;

import dev.passage.protocol.CloseCodes;
import dev.passage.server.errors.PassageException;
import dev.passage.server.events.EventBus;
import dev.passage.server.http.AddressLimiter;
import dev.passage.server.http.HttpServer;
import dev.passage.server.json.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /link/ws?code=clm_…}: the link's status now, then every change, as
 * {@code {"type":"status","linkId","status","updatedAt","error":{code,message}|null}}. An unknown or
 * missing code is refused before the upgrade (HTTP 404 / 400). The socket closes (1000) after
 * {@code complete} or {@code expired}; it stays open after {@code failed}, since a failed link may be
 * claimed again and the page wants to see the retry.
 */
public final class LinkStatusSockets implements HttpServer.Routes {
    private final LinkService links;
    private final EventBus<LinkChanged> events;
    private final AddressLimiter limiter;
    private final Map<String, Watcher> watchers = new ConcurrentHashMap<>();

    /** One frame of {@code /link/ws}. */
    record StatusMessage(String type, String linkId, String status, long updatedAt, Link.LinkError error) {
        static StatusMessage of(LinkChanged change) {
            return new StatusMessage("status", change.linkId(), change.status().wire(), change.updatedAt(), change.error());
        }
    }

    public LinkStatusSockets(LinkService links, EventBus<LinkChanged> events, AddressLimiter limiter) {
        this.links = links;
        this.events = events;
        this.limiter = limiter;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.wsBeforeUpgrade("/link/ws", ctx -> {
            limiter.check(ctx);
            String code = ctx.queryParam("code");
            if (code == null || code.isEmpty()) {
                throw new PassageException.BadRequest("code is required: the claim code (clm_…) of the link.");
            }
            if (links.findByClaimCode(code).isEmpty()) {
                throw new PassageException.NotFound("No link has this claim code.");
            }
        });
        routes.ws("/link/ws", ws -> {
            ws.onConnect(ctx -> {
                Link link = links.findByClaimCode(ctx.queryParam("code")).orElse(null);
                if (link == null) {
                    ctx.closeSession(CloseCodes.UNKNOWN_LINK, "No link has this claim code.");
                    return;
                }
                ctx.enableAutomaticPings(15, TimeUnit.SECONDS); // A page may watch for long; pings keep it from idling out.
                Watcher watcher = new Watcher(ctx);
                watchers.put(ctx.sessionId(), watcher);
                // Subscribe first, then read: a change between the two is seen twice at worst, never missed.
                watcher.subscription = events.subscribe(link.id(), watcher::send);
                links.findByClaimCode(ctx.queryParam("code")).ifPresent(l -> links.currentTo(l, watcher::send));
            });
            ws.onClose(ctx -> stop(ctx));
            ws.onError(ctx -> stop(ctx));
        });
    }

    private void stop(WsContext ctx) {
        Watcher watcher = watchers.remove(ctx.sessionId());
        if (watcher != null) {
            watcher.stop();
        }
    }

    /** One subscriber socket; sends each status once, in order, and closes after a final one. */
    private static final class Watcher {
        private final WsContext ctx;
        private EventBus.Subscription subscription;
        private String last;
        private long lastUpdatedAt = Long.MIN_VALUE;
        private boolean closed;

        Watcher(WsContext ctx) {
            this.ctx = ctx;
        }

        synchronized void send(LinkChanged change) {
            String key = change.status().wire() + "@" + change.updatedAt();
            if (closed || key.equals(last) || change.updatedAt() < lastUpdatedAt) {
                return; // Seen already, or older than what was sent (events of one link may race).
            }
            last = key;
            lastUpdatedAt = change.updatedAt();
            ctx.send(Json.mapper().writeValueAsString(StatusMessage.of(change)));
            if (change.status() == LinkStatus.COMPLETE || change.status() == LinkStatus.EXPIRED) {
                closed = true;
                ctx.closeSession(CloseCodes.NORMAL, "link " + change.status().wire());
            }
        }

        synchronized void stop() {
            closed = true;
            if (subscription != null) {
                subscription.close();
            }
        }
    }
}
