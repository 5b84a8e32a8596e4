package dev.passage.server.sessions;

import tools.jackson.databind.JsonNode;

/** A session as stored; the pending command is the one outstanding command or yield (JSON), or null. */
record SessionRecord(
        String id,
        String linkId,
        String integrationId,
        JsonNode operations,
        boolean debug,
        SessionState state,
        int workerConnections,
        int clientConnections,
        boolean clientSeen,
        Long clientDeadline,
        boolean interactive,
        JsonNode pendingCommand,
        Long pendingDeadline,
        long telemetryMark,
        long telemetrySeq,
        String errorCode,
        String errorMessage,
        long expiresAt,
        long createdAt,
        long updatedAt) {}
