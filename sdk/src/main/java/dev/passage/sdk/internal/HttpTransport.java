package dev.passage.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passage.sdk.RequestOptions;
import dev.passage.sdk.Sleeper;
import dev.passage.sdk.errors.ConnectionException;
import dev.passage.sdk.errors.UnexpectedResponseException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * Sends API requests: authentication, JSON, idempotency keys and retries. Immutable and thread-safe.
 *
 * <p>Retried: connection failures, 429 and 5xx, for a GET or for a POST carrying an idempotency
 * key (a POST without one may have taken effect, so it is never sent twice). The wait is the
 * server's {@code Retry-After} when it gives one, else capped exponential backoff with full jitter.
 */
public final class HttpTransport {
    /** The SDK's version, in its User-Agent. */
    public static final String VERSION = "0.1.0";

    private final HttpClient http;
    private final URI baseUrl;
    private final String apiKey;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Backoff backoff;

    /** What a request came back with: status, headers and the body parsed as JSON (null when empty). */
    public record Response(int status, java.net.http.HttpHeaders headers, JsonNode body) {}

    /** A transport for {@code baseUrl}; {@code apiKey} may be null for the public endpoints. */
    public HttpTransport(HttpClient http, URI baseUrl, String apiKey, Duration requestTimeout, int maxRetries, Clock clock,
                         Sleeper sleeper, Backoff backoff) {
        this.http = http;
        String base = baseUrl.toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.apiKey = apiKey;
        this.requestTimeout = requestTimeout;
        this.maxRetries = maxRetries;
        this.clock = clock;
        this.sleeper = sleeper;
        this.backoff = backoff;
    }

    /** The server's base URL, without a trailing slash. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** A path segment, percent-encoded (an id cannot step out of its place in the path). */
    public static String segment(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("an id is required");
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** GET {@code path} with {@code query}. */
    public Response get(String path, Map<String, String> query, RequestOptions options) {
        return send("GET", path + queryString(query), null, options);
    }

    /** POST {@code body} (null: no body) to {@code path}. */
    public Response post(String path, JsonNode body, RequestOptions options) {
        return send("POST", path, body, options);
    }

    private static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        StringJoiner joined = new StringJoiner("&", "?", "");
        query.forEach((k, v) -> joined.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return joined.toString();
    }

    private Response send(String method, String pathAndQuery, JsonNode body, RequestOptions options) {
        Optional<String> idempotencyKey = options.idempotencyKey()
                .or(() -> options.autoIdempotency() && !method.equals("GET")
                        ? Optional.of("idk_" + UUID.randomUUID()) : Optional.empty());
        boolean retryable = method.equals("GET") || idempotencyKey.isPresent();
        int budget = retryable ? options.maxRetries().orElse(maxRetries) : 0;
        HttpRequest request = request(method, pathAndQuery, body, idempotencyKey, options.timeout().orElse(requestTimeout));
        for (int retry = 0; ; retry++) {
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (retry < budget) {
                    pause(backoff.delay(retry));
                    continue;
                }
                throw new ConnectionException(describe(method, pathAndQuery, e, retry), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectionException("interrupted during " + method + " " + pathAndQuery, e);
            }
            int status = response.statusCode();
            String requestId = response.headers().firstValue("X-Request-Id").orElse(null);
            if (status >= 200 && status < 300) {
                return new Response(status, response.headers(), parse(response.body(), status, requestId));
            }
            Optional<String> retryAfterHeader = response.headers().firstValue("Retry-After");
            if (retry < budget && (status == 429 || status >= 500)) {
                Optional<Duration> asked = retryAfterHeader.flatMap(v -> RetryAfter.parse(v, clock.instant()));
                if (asked.isEmpty() || asked.get().compareTo(backoff.maxRetryAfter()) <= 0) {
                    pause(asked.isPresent() ? asked.get() : backoff.delay(retry));
                    continue;
                }
            }
            throw ApiErrors.from(status, response.body(), response.headers(), clock.instant());
        }
    }

    private HttpRequest request(String method, String pathAndQuery, JsonNode body, Optional<String> idempotencyKey,
                                Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("User-Agent", "passage-java/" + VERSION + " (Java " + Runtime.version().feature() + ")");
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        idempotencyKey.ifPresent(k -> b.header("Idempotency-Key", k));
        if (body == null) {
            b.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(new byte[0]));
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
        }
        return b.build();
    }

    private void pause(Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted while waiting to retry", e);
        }
    }

    private static JsonNode parse(byte[] body, int status, String requestId) {
        if (body.length == 0) {
            return null;
        }
        try {
            return Json.parse(body);
        } catch (IllegalArgumentException e) {
            throw new UnexpectedResponseException(status, "the response body is not JSON", requestId, e);
        }
    }

    private static String describe(String method, String pathAndQuery, IOException e, int retries) {
        String what = e instanceof HttpTimeoutException ? "timed out" : "failed: " + (e.getMessage() == null
                ? e.getClass().getSimpleName() : e.getMessage());
        return method + " " + pathAndQuery.replaceFirst("\\?.*", "") + " " + what
                + (retries > 0 ? " (after " + retries + (retries == 1 ? " retry)" : " retries)") : "");
    }
}
