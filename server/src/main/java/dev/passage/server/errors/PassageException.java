package dev.passage.server.errors;

/**
 * Every failure a caller can be told about. Each kind maps to one HTTP status in one place
 * ({@code http.ErrorMapper}); the message is written for people and never holds a secret.
 */
public abstract sealed class PassageException extends RuntimeException
        permits ValidationException, PassageException.BadRequest, PassageException.Unauthorized,
        PassageException.NotFound, PassageException.Conflict, PassageException.Gone,
        PassageException.Upstream, PassageException.UnsupportedMediaType, PassageException.TooLarge,
        PassageException.TooManyRequests, PassageException.Unprocessable, PassageException.Forbidden {

    protected PassageException(String message) {
        super(message, null, false, false);
    }

    /** A request that cannot be read (malformed JSON, not an object, bad parameter). */
    public static final class BadRequest extends PassageException {
        public BadRequest(String message) { super(message); }
    }

    /** Missing, unknown or revoked credentials. */
    public static final class Unauthorized extends PassageException {
        public Unauthorized(String message) { super(message); }
    }

    /** Known credentials that do not allow this (a dashboard viewer's action, a missing CSRF token). */
    public static final class Forbidden extends PassageException {
        public Forbidden(String message) { super(message); }
    }

    /** Nothing with that id or code here (or not visible to this organization). */
    public static final class NotFound extends PassageException {
        public NotFound(String message) { super(message); }
    }

    /** The request conflicts with the current state (a link already claimed or used). */
    public static final class Conflict extends PassageException {
        public Conflict(String message) { super(message); }
    }

    /** The thing existed but its time is over (an expired link). */
    public static final class Gone extends PassageException {
        public Gone(String message) { super(message); }
    }

    /** A service this request depends on failed (session creation). */
    public static final class Upstream extends PassageException {
        public Upstream(String message) { super(message); }
    }

    /** The body is not in a content type the endpoint reads. */
    public static final class UnsupportedMediaType extends PassageException {
        public UnsupportedMediaType(String message) { super(message); }
    }

    /** The body is larger than the configured limit. */
    public static final class TooLarge extends PassageException {
        public TooLarge(String message) { super(message); }
    }

    /** The request is well formed but cannot be done as asked (an idempotency key reused with another request). */
    public static final class Unprocessable extends PassageException {
        public Unprocessable(String message) { super(message); }
    }

    /** The caller sent too many requests in a short time. */
    public static final class TooManyRequests extends PassageException {
        public TooManyRequests(String message) { super(message); }
    }
}
