package dev.passage.sdk.errors;

import java.util.Optional;

/**
 * Every failure the SDK reports: one unchecked type, with one subclass per kind. An API error
 * carries the HTTP status, the server's {@code error} message and the response's
 * {@code X-Request-Id}, all three in {@link #getMessage()} too.
 */
public abstract sealed class PassageException extends RuntimeException
        permits AuthenticationException, InvalidRequestException, NotFoundException, ConflictException,
        ExpiredException, RateLimitedException, ServerException, UnexpectedResponseException, ConnectionException,
        WebhookVerificationException {

    private final int statusCode;
    private final String errorMessage;
    private final String requestId;

    /** An API error: {@code statusCode} 0 when no response came back; {@code requestId} may be null. */
    PassageException(int statusCode, String errorMessage, String requestId, Throwable cause) {
        this(statusCode, errorMessage, "", requestId, cause);
    }

    /** As above, with {@code detail} following the error message in {@link #getMessage()} only. */
    PassageException(int statusCode, String errorMessage, String detail, String requestId, Throwable cause) {
        super(describe(statusCode, (errorMessage == null ? "" : errorMessage) + detail, requestId), cause);
        this.statusCode = statusCode;
        this.errorMessage = errorMessage;
        this.requestId = requestId;
    }

    private static String describe(int statusCode, String errorMessage, String requestId) {
        StringBuilder message = new StringBuilder(errorMessage);
        if (statusCode > 0 || requestId != null) {
            message.append(" (");
            if (statusCode > 0) {
                message.append("HTTP ").append(statusCode);
            }
            if (requestId != null) {
                message.append(statusCode > 0 ? ", " : "").append("request ").append(requestId);
            }
            message.append(')');
        }
        return message.toString();
    }

    /** The HTTP status, or 0 when no response came back. */
    public int statusCode() {
        return statusCode;
    }

    /** The server's {@code error} message (or the SDK's, when no response came back). */
    public String errorMessage() {
        return errorMessage;
    }

    /** The response's {@code X-Request-Id}, which names the request in the server's log. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }
}
