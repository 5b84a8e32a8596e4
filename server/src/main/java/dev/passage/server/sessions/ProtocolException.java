package dev.passage.server.sessions;

/** A well-formed message whose content breaks the protocol; answered with {@code server.error}, not a close. */
final class ProtocolException extends RuntimeException {
    ProtocolException(String message) {
        super(message, null, false, false);
    }
}
