package dev.passage.protocol;

/** The websocket close codes of the session protocol and of {@code /link/ws} (docs/protocol.md). */
public final class CloseCodes {
    /** The session (or the link being watched) ended; everything before it was sent. */
    public static final int NORMAL = 1000;
    /** The server failed to handle a message and committed nothing of it: reconnect and resume from the replay. */
    public static final int INTERNAL_ERROR = 1011;
    /** A frame that is not a JSON object with a string {@code type} (SPEC §7). */
    public static final int BAD_MESSAGE = 4000;
    /** The link a {@code /link/ws} socket watched is gone. */
    public static final int UNKNOWN_LINK = 4004;
    /** The client sent more telemetry than one session may hold; the session failed. */
    public static final int TELEMETRY_LIMIT = 4008;

    /** A close frame's reason holds at most 123 bytes of UTF-8: {@code reason} cut to fit. */
    public static String reason(String reason) {
        byte[] bytes = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length <= 123) {
            return reason;
        }
        int end = Math.min(reason.length(), 120);
        while (end > 0 && reason.substring(0, end).getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 120) {
            end--;
        }
        if (end > 0 && Character.isHighSurrogate(reason.charAt(end - 1))) {
            end--;
        }
        return reason.substring(0, end) + "...";
    }

    private CloseCodes() {}
}
