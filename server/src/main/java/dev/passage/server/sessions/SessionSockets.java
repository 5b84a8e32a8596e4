package dev.passage.server.sessions;

import dev.passage.protocol.CloseCodes;
import dev.passage.protocol.ProtocolJson;
import dev.passage.protocol.Role;
import dev.passage.server.errors.PassageException;
import dev.passage.server.http.HttpServer;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /sessions/:id/ws?role=worker|client|debug&token=…}. The token is checked before the
 * upgrade: a missing or unknown role is refused with HTTP 400 and a wrong token (or an unknown
 * session) with 401, so no socket is ever opened for a caller without the session's secret.
 */
public final class SessionSockets implements HttpServer.Routes {
    private static final Logger log = LoggerFactory.getLogger(SessionSockets.class);
    static final String PATH = "/sessions/{id}/ws";

    private final SessionService sessions;
    private final Map<String, SessionConnection> connections = new ConcurrentHashMap<>();

    public SessionSockets(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.wsBeforeUpgrade(PATH, ctx -> {
            Role role = Role.parse(ctx.queryParam("role")).orElseThrow(() ->
                    new PassageException.BadRequest("role must be worker, client or debug."));
            if (!sessions.authenticate(ctx.pathParam("id"), role, ctx.queryParam("token"))) {
                throw new PassageException.Unauthorized("The token does not open this session in the role " + role.wire()
                        + " (or the session has ended).");
            }
        });
        routes.ws(PATH, ws -> {
            ws.onConnect(ctx -> {
                Role role = Role.parse(ctx.queryParam("role")).orElseThrow();
                SessionConnection connection = new SessionConnection(ctx.pathParam("id"), role, socket(ctx));
                connections.put(ctx.sessionId(), connection);
                ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
                sessions.opened(connection);
            });
            ws.onMessage(ctx -> {
                SessionConnection connection = connections.get(ctx.sessionId());
                if (connection == null) {
                    return;
                }
                Optional<ObjectNode> frame = ProtocolJson.frame(ctx.message());
                if (frame.isEmpty()) {
                    connection.close(CloseCodes.BAD_MESSAGE, "A message must be a JSON object with a string type.");
                    return;
                }
                try {
                    sessions.received(connection, frame.get());
                } catch (RuntimeException e) {
                    // Nothing was committed; the role may reconnect and resume from its replay.
                    log.error("Session {}: a {} message could not be handled", connection.sessionId, connection.role.wire(), e);
                    connection.close(CloseCodes.INTERNAL_ERROR, "internal error; reconnect to resume");
                }
            });
            ws.onClose(ctx -> gone(ctx));
            ws.onError(ctx -> {
                log.debug("Session socket error", ctx.error());
                gone(ctx);
            });
        });
    }

    private void gone(WsContext ctx) {
        SessionConnection connection = connections.remove(ctx.sessionId());
        if (connection != null) {
            connection.markClosed();
            sessions.closed(connection);
        }
    }

    private static SessionConnection.Socket socket(WsContext ctx) {
        return new SessionConnection.Socket() {
            @Override
            public void send(String text) {
                ctx.send(text);
            }

            @Override
            public void close(int code, String reason) {
                ctx.closeSession(code, reason);
            }
        };
    }
}
