package dev.passage.server.sessions;

import dev.passage.protocol.DebugEnvelope;
import dev.passage.protocol.ProtocolJson;
import dev.passage.protocol.Role;
import dev.passage.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import tools.jackson.databind.JsonNode;

/** One transaction of the actor: the session as read under its lock, and what to send once it commits. */
final class SessionTx {
    private final SessionRepository repository;
    final Handle h;
    final long now;
    SessionRecord s;
    final List<BusMessage> published = new ArrayList<>();
    final List<ServerMessage> replies = new ArrayList<>();
    List<ServerMessage> helloAnswer;
    long helloReplayedUpTo;
    boolean ended;
    /** When set, the sender's socket is closed with this code once the transaction commits. */
    int closeCode;
    String closeReason;

    final Role sender;

    SessionTx(SessionRepository repository, Handle h, SessionRecord s, long now, Role sender) {
        this.repository = repository;
        this.h = h;
        this.sender = sender;
        this.s = s;
        this.now = now;
    }

    /** Closes the sender's socket after the commit (before the session's end closes the others). */
    void closeSender(int code, String reason) {
        closeCode = code;
        closeReason = reason;
    }

    void reload() {
        s = repository.lockAndLoad(h, s.id()).orElseThrow();
    }

    /** A stored, numbered message for every socket of {@code to}. */
    void send(Role to, ServerMessage.Stored message) {
        ServerMessage.Stored numbered = repository.append(h, s.id(), to, message, now);
        published.add(new BusMessage.Deliver(s.id(), to, numbered.seq(), ProtocolJson.text(numbered)));
        debugEnvelope(DebugEnvelope.fromServer(to), ProtocolJson.tree(numbered));
    }

    /**
     * A command for the client whose secret value is never stored: the stored copy (what a replay and a
     * debug viewer get) is redacted; the live one goes to the client's sockets only.
     */
    void sendSecret(ServerMessage.RunCommand live) {
        ServerMessage.Stored numbered = repository.append(h, s.id(), Role.CLIENT, live.redact(), now);
        published.add(new BusMessage.Deliver(s.id(), Role.CLIENT, numbered.seq(), ProtocolJson.text(live.withSeq(numbered.seq()))));
        debugEnvelope(DebugEnvelope.fromServer(Role.CLIENT), ProtocolJson.tree(numbered));
    }

    /** A direct answer to the sender, not stored. */
    void reply(ServerMessage message) {
        replies.add(message);
        if (sender != Role.DEBUG) {
            debugEnvelope(DebugEnvelope.fromServer(sender), ProtocolJson.tree(message));
        }
    }

    void debugEnvelope(String direction, JsonNode message) {
        published.add(new BusMessage.Deliver(s.id(), Role.DEBUG, 0,
                ProtocolJson.text(new DebugEnvelope(direction, message, now))));
    }
}
