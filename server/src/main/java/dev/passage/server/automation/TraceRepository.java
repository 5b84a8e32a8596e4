package dev.passage.server.automation;

import dev.passage.server.json.Json;
import dev.passage.server.store.Database;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The stored traces of debug links' sessions (steps, timings, screenshots), one per session: the only place with their SQL. */
public final class TraceRepository {
    /** One session's trace. */
    public record SessionTrace(String sessionId, long createdAt, JsonNode steps) {}

    /** Every session's trace of a link, oldest first: what {@code GET /v1/links/:id/trace} answers. */
    public record LinkTrace(String linkId, List<SessionTrace> sessions) {}

    private final Database db;

    public TraceRepository(Database db) {
        this.db = db;
    }

    void save(String linkId, String sessionId, List<TraceRecorder.Step> steps, long now) {
        String text = Json.mapper().writeValueAsString(steps);
        db.write(h -> h.createUpdate("INSERT INTO link_traces (session_id, link_id, trace, created_at) "
                        + "VALUES (:s, :l, :t, :c)")
                .bind("s", sessionId).bind("l", linkId).bind("t", text).bind("c", now).execute());
    }

    /** Every session's trace of the link, oldest first. */
    public LinkTrace forLink(String linkId) {
        return new LinkTrace(linkId, db.read(h -> h.createQuery("SELECT session_id, trace, created_at FROM link_traces "
                        + "WHERE link_id = :l ORDER BY created_at, session_id")
                .bind("l", linkId)
                .map((rs, ctx) -> new SessionTrace(rs.getString("session_id"), rs.getLong("created_at"),
                        Json.mapper().readTree(rs.getString("trace"))))
                .list()));
    }
}
