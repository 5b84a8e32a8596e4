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
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The one place where an error response becomes its exception. */
public final class ApiErrors {
    private ApiErrors() {}

    /** The exception for a non-2xx answer with this body ({@code {"error", "issues"?}}, or anything else). */
    public static PassageException from(int status, byte[] body, HttpHeaders headers, Instant now) {
        String requestId = headers.firstValue("X-Request-Id").orElse(null);
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
            case 429 -> new RateLimitedException(message, requestId,
                    headers.firstValue("Retry-After").flatMap(v -> RetryAfter.parse(v, now)).orElse(null), rateLimit(headers));
            default -> status >= 500
                    ? new ServerException(status, message, requestId)
                    : new UnexpectedResponseException(status, message, requestId);
        };
    }

    /** The {@code RateLimit-Limit / -Remaining / -Reset} headers (reset in seconds), when all three are there and numbers. */
    private static RateLimitedException.RateLimit rateLimit(HttpHeaders headers) {
        try {
            Optional<String> limit = headers.firstValue("RateLimit-Limit");
            Optional<String> remaining = headers.firstValue("RateLimit-Remaining");
            Optional<String> reset = headers.firstValue("RateLimit-Reset");
            if (limit.isEmpty() || remaining.isEmpty() || reset.isEmpty()) {
                return null;
            }
            return new RateLimitedException.RateLimit(Long.parseLong(limit.get().strip()),
                    Long.parseLong(remaining.get().strip()), Duration.ofSeconds(Long.parseLong(reset.get().strip())));
        } catch (NumberFormatException unreadable) {
            return null;
        }
    }

    private static List<InvalidRequestException.Issue> issues(JsonNode json) {
        return Json.list(json, "issues", i -> new InvalidRequestException.Issue(Json.stringOrEmpty(i, "path"),
                Json.stringOrEmpty(i, "message")));
    }
}
