package dev.passage.server.links;

import dev.passage.server.integrations.Integration;
import dev.passage.server.integrations.Operation;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** A create-link request that passed validation. */
record NewLink(
        Integration integration,
        List<Requested> operations,
        String externalUserId,
        String webhookUrl,
        String returnUrl,
        boolean debug,
        Duration expiresIn) {

    /** One requested operation with its full (validated, still unsplit) arguments, or null. */
    record Requested(Operation operation, ObjectNode arguments) {}
}
