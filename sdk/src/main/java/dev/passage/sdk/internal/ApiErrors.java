package dev.passage.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passage.sdk.errors.AuthenticationException;
import dev.passage.sdk.errors.ConflictException;
import dev.passage.sdk.errors.ExpiredException;
import dev.passage.sdk.errors.InvalidRequestException;
import dev.passage.sdk.errors.NotFoundException;
import dev.passage.sdk.errors.PassageException;
import dev.passage.sdk.errors.RateLimitedException;
import dev.passage.sdk.errors.ServerException;
import dev.passage.sdk.errors.UnexpectedResponseException;
import java.time.Instant;
import java.util.List;

/** The one place where an error response becomes its exception. */
public final class ApiErrors {
    private ApiErrors() {}

    /** The exception for a non-2xx answer with this body ({@code {"error", "issues"?}}, or anything else). */
    public static PassageException from(int status, byte[] body, String requestId, String retryAfter, Instant now) {
        JsonNode json = null;
        try {
            json = body.length == 0 ? null : Json.parse(body);
        } catch (IllegalArgumentException notJson) {
            // A proxy's HTML page, say: the status alone says what happened.
        }
        String message = json != null && json.path("error").isTextual() ? json.get("error").asText() : "HTTP " + status;
        return switch (status) {
            case 400, 413, 415, 422 -> new InvalidRequestException(status, message, requestId, issues(json));
            case 401 -> new AuthenticationException(status, message, requestId);
            case 404 -> new NotFoundException(status, message, requestId);
            case 409 -> new ConflictException(status, message, requestId);
            case 410 -> new ExpiredException(status, message, requestId);
            case 429 -> new RateLimitedException(message, requestId, RetryAfter.parse(retryAfter, now).orElse(null));
            default -> status >= 500
                    ? new ServerException(status, message, requestId)
                    : new UnexpectedResponseException(status, message, requestId);
        };
    }

    private static List<InvalidRequestException.Issue> issues(JsonNode json) {
        return Json.list(json, "issues", i -> new InvalidRequestException.Issue(Json.stringOrEmpty(i, "path"),
                Json.stringOrEmpty(i, "message")));
    }
}
