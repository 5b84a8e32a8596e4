package dev.passage.sdk.errors;

/** A response the SDK cannot read as the API's: an unexpected status, or a body that is not the API's JSON. */
public final class UnexpectedResponseException extends PassageException {
    /** An answer with {@code statusCode} the SDK does not expect; {@code requestId} may be null. */
    public UnexpectedResponseException(int statusCode, String errorMessage, String requestId) {
        super(statusCode, errorMessage, requestId, null);
    }

    /** An answer the SDK could not read, and why. */
    public UnexpectedResponseException(int statusCode, String errorMessage, String requestId, Throwable cause) {
        super(statusCode, errorMessage, requestId, cause);
    }
}
