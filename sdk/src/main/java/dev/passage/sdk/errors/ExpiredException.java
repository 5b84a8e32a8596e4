package dev.passage.sdk.errors;

/** 410: the link's time is over. */
public final class ExpiredException extends PassageException {
    /** An error the server answered with {@code statusCode}; {@code requestId} may be null. */
    public ExpiredException(int statusCode, String errorMessage, String requestId) {
        super(statusCode, errorMessage, requestId, null);
    }
}
