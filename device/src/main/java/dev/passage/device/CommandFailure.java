package dev.passage.device;

/** A command the page could not carry out: a stable code for automations and a message for people. */
public final class CommandFailure extends RuntimeException {
    private final String code;

    public CommandFailure(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** {@code UNKNOWN_COMMAND}, {@code BAD_ARGUMENTS}, {@code TIMEOUT}, {@code NOT_FOUND}, {@code PAGE_ERROR} or {@code ORIGIN_NOT_ALLOWED}. */
    public String code() {
        return code;
    }
}
