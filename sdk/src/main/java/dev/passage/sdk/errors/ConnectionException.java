package dev.passage.sdk.errors;

/** No response came back: the connection failed or timed out (after the retries the request allowed). */
public final class ConnectionException extends PassageException {
    /** A network failure, with its cause. */
    public ConnectionException(String errorMessage, Throwable cause) {
        super(0, errorMessage, null, cause);
    }
}
