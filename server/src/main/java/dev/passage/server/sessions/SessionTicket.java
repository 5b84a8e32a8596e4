package dev.passage.server.sessions;

import tools.jackson.databind.JsonNode;

/**
 * Everything a worker needs to join a session: where to connect and with which token, and what to
 * do. Holds a secret (the worker token): never log it.
 */
public record SessionTicket(String sessionId, String workerToken, String linkId, String integrationId,
                            JsonNode operations, String websocketUrl) {
    @Override
    public String toString() {
        return "SessionTicket[" + sessionId + ", link " + linkId + ", " + integrationId + "]";
    }
}
