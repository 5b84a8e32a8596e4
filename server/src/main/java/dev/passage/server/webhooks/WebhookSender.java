package dev.passage.server.webhooks;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one webhook attempt: checks where the URL's host resolves, then POSTs with no redirects
 * followed and one deadline for the whole exchange.
 *
 * <p>DNS rebinding: the host is resolved here, checked, and then resolved again by the HTTP client
 * when it connects. Both lookups go through the JVM's address cache ({@code networkaddress.cache.ttl},
 * 30 s by default and independent of the DNS record's TTL), so the client connects to the addresses
 * that were checked. Connecting to the checked IP directly would need the restricted Host header
 * (and breaks TLS name checks), so we rely on the cache; an operator who sets the cache TTL to 0
 * weakens this and should keep private addresses unreachable at the network level too.
 */
final class WebhookSender implements AutoCloseable {
    /** What one attempt came to: the HTTP status (null when none came back), latency, and an error when it failed. */
    /** One attempt's result; {@code retryAfterMillis} is how long a 429 or 503 receiver asked us to wait, if it did. */
    record Outcome(Integer statusCode, long latencyMs, String error, Long retryAfterMillis) {
        Outcome(Integer statusCode, long latencyMs, String error) {
            this(statusCode, latencyMs, error, null);
        }

        boolean delivered() {
            return error == null;
        }
    }

    /** Longest wait a receiver's Retry-After can ask for: past it the delivery keeps its own schedule's pace. */
    static final long MAX_RETRY_AFTER_MILLIS = Duration.ofHours(1).toMillis();

    private final HttpClient client;
    private final Duration timeout;
    private final boolean allowPrivateAddresses;
    private final java.time.Clock clock;

    WebhookSender(Duration timeout, boolean allowPrivateAddresses, java.time.Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        this.allowPrivateAddresses = allowPrivateAddresses;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** The headers of an attempt (docs/api.md §4): the signature, its time, the delivery's id and its event. */
    static Map<String, String> headers(SigningKeys.Signature signature, String deliveryId, String event) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("X-Passage-Signature", signature.jws());
        headers.put("X-Passage-Timestamp", Long.toString(signature.iatSeconds()));
        headers.put("X-Passage-Delivery-Id", deliveryId);
        headers.put("X-Passage-Event", event);
        return headers;
    }

    /** POSTs {@code body} to {@code url} with {@code headers}; never throws for what the receiver does. */
    Outcome send(String url, Map<String, String> headers, byte[] body) throws InterruptedException {
        long start = System.nanoTime();
        URI uri;
        try {
            uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                return new Outcome(null, 0, "refused: the webhook URL is not an absolute http(s) URL");
            }
        } catch (java.net.URISyntaxException e) {
            return new Outcome(null, 0, "refused: the webhook URL is not a valid URL");
        }
        Optional<String> refused = checkAddresses(uri.getHost());
        if (refused.isPresent()) {
            return new Outcome(null, elapsed(start), refused.get());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Passage-Webhooks/0.1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        CompletableFuture<HttpResponse<Void>> response = client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
        try {
            // One deadline for the whole exchange: the request timeout alone stops at the headers,
            // and a receiver could trickle its body forever.
            HttpResponse<Void> answer = response.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            int status = answer.statusCode();
            long latency = elapsed(start);
            if (status >= 200 && status < 300) {
                return new Outcome(status, latency, null);
            }
            String why = status >= 300 && status < 400 ? "HTTP " + status + " (redirects are not followed)" : "HTTP " + status;
            Long retryAfter = status == 429 || status == 503
                    ? answer.headers().firstValue("Retry-After").flatMap(v -> retryAfterMillis(v, clock.instant())).orElse(null)
                    : null;
            return new Outcome(status, latency, why, retryAfter);
        } catch (TimeoutException e) {
            response.cancel(true);
            return new Outcome(null, elapsed(start), timedOut());
        } catch (ExecutionException e) {
            return new Outcome(null, elapsed(start), describe(e.getCause()));
        } catch (InterruptedException e) {
            response.cancel(true);
            throw e;
        }
    }

    /** A Retry-After value (delay seconds or an HTTP date) as milliseconds from {@code now}, capped; empty when unreadable. */
    static Optional<Long> retryAfterMillis(String value, java.time.Instant now) {
        String v = value.strip();
        long millis;
        try {
            millis = Math.multiplyExact(Long.parseLong(v), 1000L);
        } catch (NumberFormatException | ArithmeticException notSeconds) {
            try {
                millis = java.time.Duration.between(now,
                        java.time.ZonedDateTime.parse(v, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)).toMillis();
            } catch (java.time.format.DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
        return millis < 0 ? Optional.empty() : Optional.of(Math.min(millis, MAX_RETRY_AFTER_MILLIS));
    }

    private Optional<String> checkAddresses(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.of("could not resolve host " + host);
        }
        if (allowPrivateAddresses) {
            return Optional.empty();
        }
        for (InetAddress address : addresses) {
            Optional<String> why = AddressPolicy.refusal(address);
            if (why.isPresent()) {
                return Optional.of("refused: " + host + " resolves to " + address.getHostAddress() + ", a " + why.get()
                        + " address; webhooks.allow-private-addresses is false");
            }
        }
        return Optional.empty();
    }

    private String timedOut() {
        return "timed out after " + timeout.toMillis() + " ms";
    }

    private String describe(Throwable cause) {
        return switch (cause) {
            case HttpConnectTimeoutException t -> "connection " + timedOut();
            case HttpTimeoutException t -> timedOut();
            case ConnectException c -> "could not connect" + (c.getMessage() == null ? "" : ": " + c.getMessage());
            case IOException io -> "request failed: " + (io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage());
            default -> "request failed: " + cause;
        };
    }

    private static long elapsed(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
