package dev.passage.server.http;

import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reads websocket text frames as protocol messages: JSON objects with a string {@code type}. */
public final class WsMessages {
    /** The close code for a frame that is not JSON or has no string {@code type} (SPEC §7). */
    public static final int BAD_MESSAGE = 4000;

    private WsMessages() {}

    /** The frame as a JSON object with a string {@code type}, or empty when it is not one. */
    public static Optional<JsonNode> parse(String text) {
        try {
            JsonNode node = Json.mapper().readTree(text);
            if (node != null && node.isObject() && node.path("type").isString()) {
                return Optional.of(node);
            }
        } catch (JacksonException e) {
            // Not JSON: the caller closes the socket.
        }
        return Optional.empty();
    }
}
