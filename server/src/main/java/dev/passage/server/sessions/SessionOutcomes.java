package dev.passage.server.sessions;

import dev.passage.protocol.ErrorBody;
import dev.passage.server.errors.ValidationException;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a session's end means to its link: implemented by the links feature, so sessions never touch
 * link tables. Called inside the transaction that ends the session, so the session's end, the link's
 * final status and everything that commits with it (the webhook outbox) happen together or not at all.
 */
public interface SessionOutcomes {
    /** Issues of a worker's result against the link's operations; empty when it may complete the link. */
    List<ValidationException.Issue> checkResult(String linkId, JsonNode result);

    /** The session completed with a checked result: complete the link if this session is still its current one. */
    void completed(String linkId, String sessionId, JsonNode result);

    /** The session failed or expired with {@code error} (code, message, reason): fail the link if this session is still its current one. */
    void failed(String linkId, String sessionId, ErrorBody error);
}
