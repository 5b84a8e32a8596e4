package dev.passage.server.http;

import dev.passage.server.json.Json;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A websocket upgrade (an {@code Upgrade: websocket} request) without its {@code Sec-WebSocket-Key}
 * cannot be answered by the websocket layer (it would fail inside it with an empty 500): it gets a
 * 400 in the error shape here, before it goes further.
 */
final class UpgradeWithoutKey extends HttpFilter {
    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        String upgrade = req.getHeader("Upgrade");
        if (upgrade != null && upgrade.equalsIgnoreCase("websocket") && req.getHeader("Sec-WebSocket-Key") == null) {
            byte[] body = Json.mapper().writeValueAsBytes(new ErrorResponse(
                    "A websocket upgrade needs a Sec-WebSocket-Key header (RFC 6455).", null));
            res.setStatus(400);
            res.setContentType("application/json");
            res.setContentLength(body.length);
            res.getOutputStream().write(body);
            return;
        }
        chain.doFilter(req, res);
    }
}
