package dev.passage.sdk.errors;

/** A response the SDK cannot read as the API's: an unexpected status, or a body that is not the API's JSON. */
public final class UnexpectedResponseException extends PassageException {
    /** An error the server answered with {@code statusCode}; {@code requestId} may be null. */
    public UnexpectedResponseException(int statusCode, String errorMessage, String requestId) {
        super(statusCode, errorMessage, requestId, null);
    }
}
