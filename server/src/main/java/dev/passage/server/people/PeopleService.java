package dev.passage.server.people;

import dev.passage.server.config.PassageConfig;
import dev.passage.server.errors.PassageException;
import dev.passage.server.errors.ValidationException;
import dev.passage.server.orgs.OrgService;
import dev.passage.server.orgs.Organization;
import dev.passage.server.secrets.Tokens;
import dev.passage.server.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An organization's people: invitations, passwords, sign-in with lockout, and signed-in sessions.
 * Every secret (password, session token, invitation token) is stored only as a hash: Argon2id for
 * passwords, which people choose, SHA-256 for the 256-bit random tokens, which nobody can guess.
 */
public final class PeopleService {
    static final String SESSION_PREFIX = "dss_";
    static final String INVITATION_PREFIX = "inv_";
    /** How stale a session's last-seen time may get before a request writes it again. */
    private static final long TOUCH_EVERY_MILLIS = 60_000;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    public static final int MIN_PASSWORD = 10;
    public static final int MAX_PASSWORD = 256;

    private final PeopleRepository repository;
    private final OrgService orgs;
    private final PassageConfig.Dashboard config;
    private final Clock clock;

    public PeopleService(Database db, OrgService orgs, PassageConfig.Dashboard config, Clock clock) {
        this.repository = new PeopleRepository(db);
        this.orgs = orgs;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Invites {@code email} into the organization with {@code role}: a new person without a password,
     * or a fresh invitation for one who has not signed up yet (their older links stop working).
     */
    public Invitation invite(String orgId, String email, Role role) {
        Organization org = orgs.findOrganization(orgId)
                .orElseThrow(() -> new PassageException.NotFound("No organization with id " + orgId + "."));
        String normalized = normalizeEmail(email);
        long now = clock.millis();
        Person person = once(() -> {
            Optional<PeopleRepository.Credentials> existing = repository.findByEmail(normalized);
            if (existing.isPresent()) {
                Person p = existing.get().person();
                if (!p.orgId().equals(org.id())) {
                    throw new PassageException.Conflict(normalized + " already belongs to another organization.");
                }
                if (p.hasPassword()) {
                    throw new PassageException.Conflict(normalized + " has already signed up.");
                }
                return p;
            }
            String id = Tokens.id("person_");
            repository.insertPerson(id, org.id(), normalized, role, now);
            return repository.find(id).orElseThrow();
        }, normalized);
        String token = Tokens.secret(INVITATION_PREFIX);
        long expiresAt = now + config.invitationTtl().toMillis();
        repository.insertInvitation(Tokens.hash(token), person.id(), now, expiresAt);
        return new Invitation(person, token, expiresAt);
    }

    /** The person an invitation link is for, while it works (unused and not expired). */
    public Optional<Person> invitation(String token) {
        if (!wellFormed(token, INVITATION_PREFIX)) {
            return Optional.empty();
        }
        return repository.openInvitation(Tokens.hash(token), clock.millis()).flatMap(repository::find);
    }

    /** Sets the invited person's password (using the invitation up) and signs them in. */
    public SignIn.Success acceptInvitation(String token, String password) {
        checkPassword(password);
        Person person = invitation(token).orElseThrow(() ->
                new PassageException.Gone("This invitation has expired or has been used; ask an admin for a new one."));
        String hash = Passwords.hash(password);
        long now = clock.millis();
        boolean accepted = repository.db().write(h -> {
            if (!repository.acceptInvitation(Tokens.hash(token), now)) {
                return false;
            }
            repository.setPassword(person.id(), hash, now);
            return true;
        });
        if (!accepted) {
            throw new PassageException.Gone("This invitation has expired or has been used; ask an admin for a new one.");
        }
        repository.recordSuccess(person.id(), now);
        return startSession(repository.find(person.id()).orElseThrow());
    }

    /**
     * Checks an email and password. Each failure counts; {@code dashboard.lockout-failures} in a row
     * lock the account for {@code dashboard.lockout-minutes}, during which even the right password is
     * refused. An address without an account takes as long as a wrong password and locks nothing.
     */
    public SignIn signIn(String email, String password) {
        String normalized = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        String given = password == null ? "" : password;
        if (given.length() > MAX_PASSWORD) {
            return new SignIn.Refused();
        }
        Optional<PeopleRepository.Credentials> found = normalized.isEmpty() ? Optional.empty()
                : repository.findByEmail(normalized);
        if (found.isEmpty() || found.get().passwordHash() == null) {
            Passwords.verifyNothing(given);
            return new SignIn.Refused();
        }
        Person person = found.get().person();
        long now = clock.millis();
        if (person.lockedAt(now)) {
            return new SignIn.Locked(person.lockedUntil());
        }
        if (!Passwords.verify(given, found.get().passwordHash())) {
            long until = now + config.lockout().toMillis();
            return repository.recordFailure(person.id(), config.lockoutFailures(), until, now)
                    ? new SignIn.Locked(until) : new SignIn.Refused();
        }
        repository.recordSuccess(person.id(), now);
        return startSession(person);
    }

    /**
     * Who holds the session {@code token}, while it lasts: within its lifetime and not idle for longer
     * than {@code dashboard.session-idle-minutes}. Its last-seen time is written at most once a minute.
     */
    public Optional<Member> session(String token) {
        if (!wellFormed(token, SESSION_PREFIX)) {
            return Optional.empty();
        }
        String hash = Tokens.hash(token);
        long now = clock.millis();
        Optional<PeopleRepository.StoredSession> stored = repository.findSession(hash);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        PeopleRepository.StoredSession s = stored.get();
        if (s.expiresAt() <= now || s.lastSeenAt() + config.sessionIdle().toMillis() <= now) {
            repository.deleteSession(hash);
            return Optional.empty();
        }
        Optional<Member> member = repository.find(s.personId()).flatMap(this::member);
        if (member.isPresent() && now - s.lastSeenAt() >= TOUCH_EVERY_MILLIS) {
            repository.touchSession(hash, now);
        }
        return member;
    }

    /** Ends the session {@code token} on the server: the cookie is worthless from now on. */
    public void signOut(String token) {
        if (wellFormed(token, SESSION_PREFIX)) {
            repository.deleteSession(Tokens.hash(token));
        }
    }

    public List<Person> people(String orgId) {
        return repository.list(orgId);
    }

    /** When {@code person}'s pending invitation runs out, if they have one they have not used. */
    public Optional<Long> pendingInvitation(Person person) {
        return person.hasPassword() ? Optional.empty() : repository.pendingInvitationExpiry(person.id(), clock.millis());
    }

    /** Removes a person of {@code by}'s organization, with their sessions; nobody removes themselves or the last admin. */
    public void remove(Member by, String personId) {
        Person person = repository.find(personId).filter(p -> p.orgId().equals(by.orgId()))
                .orElseThrow(() -> new PassageException.NotFound("No person with id " + personId + " here."));
        if (person.id().equals(by.person().id())) {
            throw new PassageException.Conflict("You cannot remove yourself.");
        }
        if (person.isAdmin() && repository.countAdmins(by.orgId()) <= 1) {
            throw new PassageException.Conflict("An organization keeps at least one admin.");
        }
        repository.delete(by.orgId(), personId);
    }

    /**
     * Runs {@code work} in one transaction; when a concurrent invitation of the same address won the
     * race to insert it (a unique-key failure), the address is taken: a 409, never a 500.
     */
    private Person once(java.util.function.Supplier<Person> work, String email) {
        try {
            return repository.db().write(h -> work.get());
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            if (repository.findByEmail(email).isPresent()) {
                throw new PassageException.Conflict(email + " is being invited by someone else right now; try again.");
            }
            throw e;
        }
    }

    private SignIn.Success startSession(Person person) {
        String token = Tokens.secret(SESSION_PREFIX);
        long now = clock.millis();
        repository.insertSession(Tokens.hash(token), person.id(), now, now + config.sessionTtl().toMillis());
        return new SignIn.Success(member(person).orElseThrow(), token);
    }

    private Optional<Member> member(Person person) {
        return orgs.findOrganization(person.orgId()).map(o -> new Member(person, o.id(), o.name()));
    }

    static String normalizeEmail(String email) {
        String e = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (e.length() > 254 || !EMAIL.matcher(e).matches()) {
            throw ValidationException.of("email", "must be an email address, like ada@example.com");
        }
        return e;
    }

    static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw ValidationException.of("password", "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
    }

    private static boolean wellFormed(String token, String prefix) {
        return token != null && token.startsWith(prefix) && token.length() < 100;
    }
}
