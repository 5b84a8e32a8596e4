package dev.passage.sdk.errors;

/** 401: the API key is missing, unknown or revoked. */
public final class AuthenticationException extends PassageException {
    /** An error the server answered with {@code statusCode}; {@code requestId} may be null. */
    public AuthenticationException(int statusCode, String errorMessage, String requestId) {
        super(statusCode, errorMessage, requestId, null);
    }
}
