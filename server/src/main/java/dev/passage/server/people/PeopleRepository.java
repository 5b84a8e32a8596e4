package dev.passage.server.people;

import dev.passage.server.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** People, their dashboard sessions and invitations in the database: the only place with their SQL. */
final class PeopleRepository {
    private static final String PERSON = """
            SELECT id, org_id, email, role, password_hash, locked_until, last_sign_in_at, created_at FROM people""";

    /** A person with the stored hash, for the one place that checks passwords. */
    record Credentials(Person person, String passwordHash) {}

    /** A stored dashboard session. */
    record StoredSession(String personId, long createdAt, long lastSeenAt, long expiresAt) {}

    private final Database db;

    PeopleRepository(Database db) {
        this.db = db;
    }

    Database db() {
        return db;
    }

    void insertPerson(String id, String orgId, String email, Role role, long now) {
        db.write(h -> h.createUpdate("""
                        INSERT INTO people (id, org_id, email, role, password_hash, failed_sign_ins, locked_until,
                            last_sign_in_at, created_at, updated_at)
                        VALUES (:id, :orgId, :email, :role, NULL, 0, NULL, NULL, :now, :now)""")
                .bind("id", id).bind("orgId", orgId).bind("email", email).bind("role", role.wire()).bind("now", now)
                .execute());
    }

    Optional<Credentials> findByEmail(String email) {
        return db.read(h -> h.createQuery(PERSON + " WHERE email = :email").bind("email", email)
                .map((rs, ctx) -> new Credentials(map(rs, ctx), rs.getString("password_hash"))).findOne());
    }

    Optional<Person> find(String id) {
        return db.read(h -> h.createQuery(PERSON + " WHERE id = :id").bind("id", id).map(PeopleRepository::map).findOne());
    }

    List<Person> list(String orgId) {
        return db.read(h -> h.createQuery(PERSON + " WHERE org_id = :orgId ORDER BY email")
                .bind("orgId", orgId).map(PeopleRepository::map).list());
    }

    int countAdmins(String orgId) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM people WHERE org_id = :orgId AND role = 'admin'")
                .bind("orgId", orgId).mapTo(Integer.class).one());
    }

    /**
     * Counts a failed sign-in; the one that reaches {@code threshold} locks the person until
     * {@code lockUntil} and starts the count again. True when this failure locked them.
     */
    boolean recordFailure(String id, int threshold, long lockUntil, long now) {
        return db.write(h -> {
            h.createUpdate("""
                            UPDATE people SET
                                locked_until = CASE WHEN failed_sign_ins + 1 >= :threshold THEN :lockUntil ELSE locked_until END,
                                failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= :threshold THEN 0 ELSE failed_sign_ins + 1 END,
                                updated_at = :now
                            WHERE id = :id""")
                    .bind("id", id).bind("threshold", threshold).bind("lockUntil", lockUntil).bind("now", now).execute();
            Long locked = h.createQuery("SELECT locked_until FROM people WHERE id = :id").bind("id", id)
                    .mapTo(Long.class).one();
            return locked != null && locked == lockUntil;
        });
    }

    void recordSuccess(String id, long now) {
        db.write(h -> h.createUpdate("""
                        UPDATE people SET failed_sign_ins = 0, locked_until = NULL, last_sign_in_at = :now, updated_at = :now
                        WHERE id = :id""")
                .bind("id", id).bind("now", now).execute());
    }

    void setPassword(String id, String hash, long now) {
        db.write(h -> h.createUpdate("""
                        UPDATE people SET password_hash = :hash, failed_sign_ins = 0, locked_until = NULL, updated_at = :now
                        WHERE id = :id""")
                .bind("id", id).bind("hash", hash).bind("now", now).execute());
    }

    /** Removes a person with their sessions and invitations. */
    boolean delete(String orgId, String id) {
        return db.write(h -> {
            h.createUpdate("DELETE FROM dashboard_sessions WHERE person_id = :id").bind("id", id).execute();
            h.createUpdate("DELETE FROM invitations WHERE person_id = :id").bind("id", id).execute();
            return h.createUpdate("DELETE FROM people WHERE id = :id AND org_id = :orgId")
                    .bind("id", id).bind("orgId", orgId).execute() == 1;
        });
    }

    // Sessions

    void insertSession(String tokenHash, String personId, long now, long expiresAt) {
        db.write(h -> {
            // Sessions past their end are of no use to anyone: each sign-in clears a few.
            h.createUpdate("DELETE FROM dashboard_sessions WHERE expires_at <= :now").bind("now", now).execute();
            return h.createUpdate("""
                            INSERT INTO dashboard_sessions (token_hash, person_id, created_at, last_seen_at, expires_at)
                            VALUES (:hash, :personId, :now, :now, :expiresAt)""")
                    .bind("hash", tokenHash).bind("personId", personId).bind("now", now).bind("expiresAt", expiresAt)
                    .execute();
        });
    }

    Optional<StoredSession> findSession(String tokenHash) {
        return db.read(h -> h.createQuery("""
                        SELECT person_id, created_at, last_seen_at, expires_at FROM dashboard_sessions
                        WHERE token_hash = :hash""")
                .bind("hash", tokenHash)
                .map((rs, ctx) -> new StoredSession(rs.getString("person_id"), rs.getLong("created_at"),
                        rs.getLong("last_seen_at"), rs.getLong("expires_at")))
                .findOne());
    }

    void touchSession(String tokenHash, long now) {
        db.write(h -> h.createUpdate("UPDATE dashboard_sessions SET last_seen_at = :now WHERE token_hash = :hash")
                .bind("hash", tokenHash).bind("now", now).execute());
    }

    void deleteSession(String tokenHash) {
        db.write(h -> h.createUpdate("DELETE FROM dashboard_sessions WHERE token_hash = :hash")
                .bind("hash", tokenHash).execute());
    }

    // Invitations

    /** Stores a new invitation for the person; the ones they had not used yet stop working. */
    void insertInvitation(String tokenHash, String personId, long now, long expiresAt) {
        db.write(h -> {
            h.createUpdate("UPDATE invitations SET expires_at = :now WHERE person_id = :personId AND accepted_at IS NULL "
                            + "AND expires_at > :now")
                    .bind("personId", personId).bind("now", now).execute();
            return h.createUpdate("""
                            INSERT INTO invitations (token_hash, person_id, created_at, expires_at, accepted_at)
                            VALUES (:hash, :personId, :now, :expiresAt, NULL)""")
                    .bind("hash", tokenHash).bind("personId", personId).bind("now", now).bind("expiresAt", expiresAt)
                    .execute();
        });
    }

    /** The person an unused, unexpired invitation is for. */
    Optional<String> openInvitation(String tokenHash, long now) {
        return db.read(h -> h.createQuery("""
                        SELECT person_id FROM invitations WHERE token_hash = :hash AND accepted_at IS NULL AND expires_at > :now""")
                .bind("hash", tokenHash).bind("now", now).mapTo(String.class).findOne());
    }

    /** Uses an invitation up (one compare-and-set, so a link works once); true when this call used it. */
    boolean acceptInvitation(String tokenHash, long now) {
        return db.write(h -> h.createUpdate("""
                        UPDATE invitations SET accepted_at = :now
                        WHERE token_hash = :hash AND accepted_at IS NULL AND expires_at > :now""")
                .bind("hash", tokenHash).bind("now", now).execute() == 1);
    }

    /** When the person's newest unused invitation runs out, if they have one. */
    Optional<Long> pendingInvitationExpiry(String personId, long now) {
        return db.read(h -> h.createQuery("""
                        SELECT MAX(expires_at) FROM invitations WHERE person_id = :personId AND accepted_at IS NULL
                        AND expires_at > :now""")
                .bind("personId", personId).bind("now", now).mapTo(Long.class).findOne());
    }

    private static Person map(ResultSet rs, StatementContext ctx) throws SQLException {
        long locked = rs.getLong("locked_until");
        Long lockedUntil = rs.wasNull() ? null : locked;
        long last = rs.getLong("last_sign_in_at");
        Long lastSignIn = rs.wasNull() ? null : last;
        return new Person(rs.getString("id"), rs.getString("org_id"), rs.getString("email"),
                Role.parse(rs.getString("role")).orElse(Role.VIEWER), rs.getString("password_hash") != null, lockedUntil,
                lastSignIn, rs.getLong("created_at"));
    }
}
