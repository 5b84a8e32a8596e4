package dev.passage.server.sessions;

import java.util.List;

/**
 * The origins a session's client may drive the page on, by integration ({@code allowedOrigins} in the
 * client's {@code server.hello}): the client refuses commands anywhere else.
 */
@FunctionalInterface
public interface AllowedOrigins {
    /** No origin at all: a client that honours the list navigates nowhere. */
    AllowedOrigins NONE = integrationId -> List.of();

    /** Origins such as {@code "http://127.0.0.1:41873"} (scheme, host, port; no path). */
    List<String> of(String integrationId);
}
