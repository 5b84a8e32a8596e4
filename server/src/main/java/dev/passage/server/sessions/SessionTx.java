package dev.passage.server.sessions;

import dev.passage.server.http.Json;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** One transaction of the actor: the session as read under its lock, and what to send once it commits. */
final class SessionTx {
    private final SessionRepository repository;
    final Handle h;
    final long now;
    SessionRecord s;
    final List<BusMessage> published = new ArrayList<>();
    final List<JsonNode> replies = new ArrayList<>();
    final List<Runnable> afterCommit = new ArrayList<>();
    List<JsonNode> helloAnswer;
    long helloReplayedUpTo;
    boolean ended;

    final Role sender;

    SessionTx(SessionRepository repository, Handle h, SessionRecord s, long now, Role sender) {
        this.repository = repository;
        this.h = h;
        this.sender = sender;
        this.s = s;
        this.now = now;
    }

    void reload() {
        s = repository.lockAndLoad(h, s.id()).orElseThrow();
    }

    /** A stored, numbered message for every socket of {@code to}. */
    void send(Role to, ObjectNode message) {
        long seq = repository.append(h, s.id(), to, message, now);
        published.add(new BusMessage.Deliver(s.id(), to, seq, Json.mapper().writeValueAsString(message)));
        debugEnvelope("server_to_" + to.wire(), message);
    }

    /** A direct answer to the sender, not stored. */
    void reply(ObjectNode message) {
        replies.add(message);
        if (sender != Role.DEBUG) {
            debugEnvelope("server_to_" + sender.wire(), message);
        }
    }

    void debugEnvelope(String direction, JsonNode message) {
        ObjectNode envelope = JsonNodeFactory.instance.objectNode().put("direction", direction);
        envelope.set("message", message.deepCopy());
        envelope.put("ts", now);
        published.add(new BusMessage.Deliver(s.id(), Role.DEBUG, 0, Json.mapper().writeValueAsString(envelope)));
    }
}
