package dev.passage.sdk.errors;

/** 5xx (502 included): the server or a service behind it failed; safe requests were retried first. */
public final class ServerException extends PassageException {
    /** An error the server answered with {@code statusCode}; {@code requestId} may be null. */
    public ServerException(int statusCode, String errorMessage, String requestId) {
        super(statusCode, errorMessage, requestId, null);
    }
}
