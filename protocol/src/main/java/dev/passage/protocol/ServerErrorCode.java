package dev.passage.protocol;

/** The {@code code} of a {@code server.error} (to a worker) or of an unaccepted {@code server.ack} (to a client). */
public enum ServerErrorCode {
    /** A message of a known type with a field that breaks the protocol. */
    INVALID_MESSAGE,
    /** A type this role does not send. */
    UNKNOWN_TYPE,
    /** Anything but a hello before the hello was answered. */
    HELLO_FIRST,
    /** A command or yield while another one is outstanding. */
    COMMAND_IN_PROGRESS,
    /** The session has ended. */
    SESSION_ENDED,
    /** The worker's result does not match the operations' result schemas. */
    RESULT_VALIDATION_ERROR
}
