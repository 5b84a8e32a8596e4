package dev.passage.server.automation;

import dev.passage.server.http.Json;
import dev.passage.server.store.Database;
import java.time.Clock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The stored traces of debug links' sessions (steps, timings, screenshots), one per session. */
public final class Traces {
    private final Database db;
    private final Clock clock;

    public Traces(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    void save(String linkId, String sessionId, ArrayNode steps) {
        String text = steps.toString();
        long now = clock.millis();
        db.write(h -> h.createUpdate("INSERT INTO link_traces (session_id, link_id, trace, created_at) "
                        + "VALUES (:s, :l, :t, :c)")
                .bind("s", sessionId).bind("l", linkId).bind("t", text).bind("c", now).execute());
    }

    /** Every session's trace of the link, oldest first: {@code {linkId, sessions:[{sessionId, createdAt, steps}]}}. */
    public JsonNode forLink(String linkId) {
        ObjectNode out = Json.mapper().createObjectNode().put("linkId", linkId);
        ArrayNode sessions = out.putArray("sessions");
        db.read(h -> h.createQuery("SELECT session_id, trace, created_at FROM link_traces WHERE link_id = :l "
                        + "ORDER BY created_at, session_id")
                .bind("l", linkId)
                .map((rs, ctx) -> {
                    ObjectNode s = sessions.addObject().put("sessionId", rs.getString("session_id"))
                            .put("createdAt", rs.getLong("created_at"));
                    s.set("steps", Json.mapper().readTree(rs.getString("trace")));
                    return s;
                }).list());
        return out;
    }
}
