package dev.passage.server.sessions;

import dev.passage.protocol.Role;

/** What travels on the session bus: a message for the sockets of one role, or the end of a session. */
sealed interface BusMessage {
    String sessionId();

    /** A message (JSON text) for every socket of {@code recipient}; {@code seq} is 0 for messages that are not replayed. */
    record Deliver(String sessionId, Role recipient, long seq, String json) implements BusMessage {}

    /** The session ended: close its sockets once what was delivered before has gone out. */
    record End(String sessionId) implements BusMessage {}
}
