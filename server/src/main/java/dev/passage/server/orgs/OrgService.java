package dev.passage.server.orgs;

import dev.passage.server.errors.PassageException;
import dev.passage.server.errors.ValidationException;
import dev.passage.server.secrets.Tokens;
import dev.passage.server.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Organizations and their API keys: creation, listing, revocation, and authentication of a presented key. */
public final class OrgService {
    static final String KEY_PREFIX = "psg_";
    private static final int SHOWN_PREFIX_LENGTH = KEY_PREFIX.length() + 6;
    private static final long LAST_USED_RESOLUTION_MILLIS = 60_000;

    private final OrgRepository repository;
    private final Clock clock;

    public OrgService(Database db, Clock clock) {
        this.repository = new OrgRepository(db);
        this.clock = clock;
    }

    public Organization createOrganization(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 200) {
            throw ValidationException.of("name", "must be 1 to 200 characters");
        }
        Organization org = new Organization(Tokens.id("org_"), trimmed, clock.millis());
        repository.insertOrganization(org);
        return org;
    }

    /** Every organization, oldest first. */
    public List<Organization> listOrganizations() {
        return repository.listOrganizations();
    }

    public Optional<Organization> findOrganization(String id) {
        return repository.findOrganization(id);
    }

    /** Creates a key for {@code orgId}; the returned secret is shown once and stored only as a hash. */
    public CreatedApiKey createKey(String orgId) {
        requireOrganization(orgId);
        String secret = Tokens.secret(KEY_PREFIX);
        ApiKey key = new ApiKey(Tokens.id("key_"), orgId, secret.substring(0, SHOWN_PREFIX_LENGTH), clock.millis(), null, null);
        repository.insertKey(key, Tokens.hash(secret));
        return new CreatedApiKey(key, secret);
    }

    public List<ApiKey> listKeys(String orgId) {
        requireOrganization(orgId);
        return repository.listKeys(orgId);
    }

    /** Revokes a key; revoking one already revoked changes nothing. */
    public ApiKey revokeKey(String keyId) {
        ApiKey key = repository.findKey(keyId)
                .orElseThrow(() -> new PassageException.NotFound("No API key with id " + keyId + "."));
        repository.revokeKey(keyId, clock.millis());
        return repository.findKey(keyId).orElse(key);
    }

    /** The organization a presented bearer secret belongs to; 401 for anything but a live key. */
    public String authenticate(String secret) {
        return authenticateKey(secret).orgId();
    }

    /** The live key a presented bearer secret is; 401 for anything else. */
    public ApiKey authenticateKey(String secret) {
        if (secret == null || !secret.startsWith(KEY_PREFIX) || secret.length() > 200) {
            throw new PassageException.Unauthorized("Invalid API key.");
        }
        ApiKey key = repository.findKeyByHash(Tokens.hash(secret))
                .orElseThrow(() -> new PassageException.Unauthorized("Invalid API key."));
        if (key.revoked()) {
            throw new PassageException.Unauthorized("This API key has been revoked.");
        }
        return key;
    }

    /** Notes that {@code key} was just used: written at most once a minute per key, so a busy key costs no writes. */
    public void recordUse(ApiKey key) {
        long now = clock.millis();
        if (key.lastUsedAt() == null || now - key.lastUsedAt() >= LAST_USED_RESOLUTION_MILLIS) {
            try {
                repository.touchKey(key.id(), now, LAST_USED_RESOLUTION_MILLIS);
            } catch (RuntimeException e) {
                // A last-used time is a convenience: it never fails the request it describes.
                org.slf4j.LoggerFactory.getLogger(OrgService.class).warn("Could not note the use of key {}", key.id(), e);
            }
        }
    }

    private void requireOrganization(String orgId) {
        if (repository.findOrganization(orgId).isEmpty()) {
            throw new PassageException.NotFound("No organization with id " + orgId + ".");
        }
    }
}
