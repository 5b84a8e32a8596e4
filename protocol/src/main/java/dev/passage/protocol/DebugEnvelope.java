package dev.passage.protocol;

import tools.jackson.databind.JsonNode;

/**
 * What a debug viewer receives for every message of the session: which way it went
 * ({@code worker_to_server}, {@code server_to_client}…), the message itself, and when (epoch ms).
 */
public record DebugEnvelope(String direction, JsonNode message, long ts) {
    /** The direction of a message {@code from} a role to the server. */
    public static String toServer(Role from) {
        return from.wire() + "_to_server";
    }

    /** The direction of a message from the server {@code to} a role. */
    public static String fromServer(Role to) {
        return "server_to_" + to.wire();
    }
}
