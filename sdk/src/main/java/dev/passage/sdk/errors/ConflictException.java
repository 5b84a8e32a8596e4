package dev.passage.sdk.errors;

/** 409: the request conflicts with the link's state, e.g. driving a link that is already complete. */
public final class ConflictException extends PassageException {
    /** An error the server answered with {@code statusCode}; {@code requestId} may be null. */
    public ConflictException(int statusCode, String errorMessage, String requestId) {
        super(statusCode, errorMessage, requestId, null);
    }
}
