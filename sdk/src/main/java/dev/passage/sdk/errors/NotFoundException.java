package dev.passage.sdk.errors;

/** 404: no such link or key (or it belongs to another organization), or a sandbox endpoint on a production server. */
public final class NotFoundException extends PassageException {
    /** An error the server answered with {@code statusCode}; {@code requestId} may be null. */
    public NotFoundException(int statusCode, String errorMessage, String requestId) {
        super(statusCode, errorMessage, requestId, null);
    }
}
