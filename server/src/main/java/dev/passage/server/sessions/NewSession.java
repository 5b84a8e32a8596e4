package dev.passage.server.sessions;

import tools.jackson.databind.JsonNode;

/** What a claim asks the session service for: a session of {@code linkId} with a chosen id. */
public record NewSession(String sessionId, String linkId, String integrationId, JsonNode operations, boolean debug) {}
