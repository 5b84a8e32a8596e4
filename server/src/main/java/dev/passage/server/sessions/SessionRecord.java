package dev.passage.server.sessions;

import dev.passage.protocol.SessionState;
import tools.jackson.databind.JsonNode;

/** A session as stored; {@code outstanding} is the one command or yield the worker waits on, or null. */
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
        Outstanding outstanding,
        Long pendingDeadline,
        long telemetryMark,
        long telemetrySeq,
        String errorCode,
        String errorMessage,
        String errorReason,
        long expiresAt,
        long createdAt,
        long updatedAt) {}
