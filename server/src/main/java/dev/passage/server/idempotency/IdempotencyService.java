package dev.passage.server.idempotency;

import dev.passage.server.errors.PassageException;
import dev.passage.server.json.Json;
import dev.passage.server.secrets.SecretBox;
import dev.passage.server.secrets.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;

/**
 * Idempotent requests ({@code Idempotency-Key}): the first successful answer to a request with a key
 * is stored with a hash of the request, in the same transaction as the work it did, and the same key
 * with the same request answers it again for 24 hours; the same key with another request is refused.
 * Two concurrent requests with one key do the work once: the second waits on the first's row (or,
 * having raced it, rolls back its own work) and then replays the first's answer. A request that fails
 * stores nothing, so a corrected request may use the key again.
 */
public final class IdempotencyService {
    private static final Logger log = LoggerFactory.getLogger(IdempotencyService.class);
    /** The request header that carries the key. */
    public static final String HEADER = "Idempotency-Key";
    /** The response header that marks an answer replayed from the first request. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final Duration WINDOW = Duration.ofHours(24);
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    /** An answer: its status and body, and whether it was replayed from an earlier request. */
    public record Reply(int status, JsonNode body, boolean replayed) {
        public static Reply of(int status, Object body) {
            return new Reply(status, Json.mapper().valueToTree(body), false);
        }
    }

    private final IdempotencyRepository repository;
    private final SecretBox box;
    private final Clock clock;

    public IdempotencyService(dev.passage.server.store.Database db, SecretBox box, Clock clock) {
        this.repository = new IdempotencyRepository(db);
        this.box = box;
        this.clock = clock;
    }

    /**
     * Does {@code work} once per key: without a key it just does it; with one, the first time in one
     * transaction with storing its answer, and every later time with the same {@code request} it
     * replays that answer. {@code scope} names the endpoint (method and path) the key is for.
     */
    public Reply run(String orgId, String scope, Optional<String> key, JsonNode request, Supplier<Reply> work) {
        if (key.isEmpty()) {
            return work.get();
        }
        String k = key.get();
        if (!KEY.matcher(k).matches()) {
            throw new PassageException.BadRequest(HEADER + " must be 1 to 255 printable ASCII characters.");
        }
        String hash = hash(request);
        try {
            return repository.db().write(h -> {
                Optional<Reply> earlier = earlier(orgId, scope, k, hash);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
                Reply reply = work.get();
                long now = clock.millis();
                repository.insert(orgId, scope, k, new IdempotencyRepository.Stored(hash, reply.status(),
                        box.seal(owner(orgId, scope, k), Json.mapper().writeValueAsBytes(reply.body())), now),
                        now - WINDOW.toMillis());
                return reply;
            });
        } catch (PassageException e) {
            throw e;
        } catch (RuntimeException raced) {
            // A concurrent request with the key committed first (its row was in the way): its answer stands.
            Optional<Reply> earlier = earlier(orgId, scope, k, hash);
            if (earlier.isEmpty()) {
                throw raced;
            }
            log.debug("Idempotency key raced; replaying the first answer");
            return earlier.get();
        }
    }

    /** Forgets answers past the 24-hour window. */
    public void purge() {
        int purged = repository.purge(clock.millis() - WINDOW.toMillis());
        if (purged > 0) {
            log.debug("Forgot {} idempotent answer(s) past their window", purged);
        }
    }

    private Optional<Reply> earlier(String orgId, String scope, String key, String hash) {
        return repository.find(orgId, scope, key, clock.millis() - WINDOW.toMillis()).map(stored -> {
            if (!stored.requestHash().equals(hash)) {
                throw new PassageException.Unprocessable("This Idempotency-Key was already used with a different request "
                        + "in the last 24 hours; use a new key for a new request.");
            }
            return new Reply(stored.statusCode(),
                    Json.mapper().readTree(box.open(owner(orgId, scope, key), stored.sealedBody())), true);
        });
    }

    private static String owner(String orgId, String scope, String key) {
        return orgId + "|" + scope + "|" + key;
    }

    /** A hash of the request as JSON with its properties sorted: the same request however its keys are ordered. */
    private static String hash(JsonNode request) {
        byte[] canonical = Json.mapper().writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED).writeValueAsBytes(request);
        return Tokens.hash(new String(canonical, StandardCharsets.UTF_8));
    }
}
