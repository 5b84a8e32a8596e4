package dev.passage.protocol;

/**
 * A frame that is a JSON object with a string {@code type} but not a message its sender may send:
 * an unknown type, or a known one whose fields break the protocol. The message names the field and
 * the rule, never the value (it may be a secret).
 */
public final class ProtocolException extends RuntimeException {
    /** What is wrong with the frame. */
    public enum Kind { UNKNOWN_TYPE, INVALID }

    private final Kind kind;

    public ProtocolException(String message) {
        this(Kind.INVALID, message);
    }

    public ProtocolException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    /** Whether the type is unknown to the sender's role or the fields are wrong. */
    public Kind kind() {
        return kind;
    }
}
