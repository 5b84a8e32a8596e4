package dev.passage.server.sessions;

import dev.passage.protocol.SessionState;
import tools.jackson.databind.JsonNode;

/**
 * A session as stored; {@code outstanding} is the one command or yield the worker waits on, or null.
 * {@code telemetrySeq} numbers the stored network events (what a later yield may be judged on);
 * {@code telemetryEvents} and {@code telemetryBytes} count everything the client sent, against its budget.
 */
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
        Long workerDeadline,
        boolean interactive,
        Outstanding outstanding,
        Long pendingDeadline,
        long telemetryMark,
        long telemetrySeq,
        long telemetryEvents,
        long telemetryBytes,
        String sealedCurrentUrl,
        String errorCode,
        String errorMessage,
        String errorReason,
        long expiresAt,
        long createdAt,
        long updatedAt) {}
