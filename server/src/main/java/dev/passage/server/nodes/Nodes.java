package dev.passage.server.nodes;

import dev.passage.server.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The nodes of one deployment, as their heartbeats in the database say. Liveness is measured on the
 * wall clock of the machines (not the service's business clock): a node whose last beat is older than
 * the timeout is dead, and the work it held (session sockets, the sessions its worker ran) is failed
 * or taken back by the others.
 */
public final class Nodes {
    private final Database db;
    private final String self;
    private final Duration timeout;
    private final Clock wall;

    public Nodes(Database db, String self, Duration timeout, Clock wall) {
        this.db = db;
        this.self = self;
        this.timeout = timeout;
        this.wall = wall;
    }

    public String self() {
        return self;
    }

    /** How often to beat so that a live node is never taken for dead. */
    public Duration heartbeatInterval() {
        return timeout.dividedBy(3);
    }

    /** Records this node's (re)start and first beat. */
    public void register() {
        long now = wall.millis();
        db.write(h -> h.createUpdate("""
                        INSERT INTO nodes (id, started_at, seen_at) VALUES (:id, :now, :now)
                        ON CONFLICT (id) DO UPDATE SET started_at = :now, seen_at = :now""")
                .bind("id", self).bind("now", now).execute());
    }

    /** This node is alive. */
    public void beat() {
        long now = wall.millis();
        int updated = db.write(h -> h.createUpdate("UPDATE nodes SET seen_at = :now WHERE id = :id")
                .bind("id", self).bind("now", now).execute());
        if (updated == 0) {
            register();
        }
    }

    /** Other nodes whose last beat is older than the timeout. */
    public List<String> dead() {
        long before = wall.millis() - timeout.toMillis();
        return db.read(h -> h.createQuery("SELECT id FROM nodes WHERE seen_at < :before AND id <> :self ORDER BY id")
                .bind("before", before).bind("self", self).mapTo(String.class).list());
    }

    /** Forgets a dead node once its work has been dealt with (it registers again if it comes back). */
    public void forget(String node) {
        long before = wall.millis() - timeout.toMillis();
        db.write(h -> h.createUpdate("DELETE FROM nodes WHERE id = :id AND seen_at < :before")
                .bind("id", node).bind("before", before).execute());
    }

    /** A graceful stop: this node's row goes, its work having been closed. */
    public void leave() {
        db.write(h -> h.createUpdate("DELETE FROM nodes WHERE id = :id").bind("id", self).execute());
    }
}
