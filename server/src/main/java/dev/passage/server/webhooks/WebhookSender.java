package dev.passage.server.webhooks;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one webhook attempt: POSTs with no redirects followed and one deadline for the whole exchange,
 * to an address that was checked.
 *
 * <p>The address checked is the address dialled: the HTTP client (Jetty's) resolves the host through
 * {@link VettingResolver}, which refuses it when any of its addresses is outside the public internet
 * ({@link AddressPolicy}) and otherwise hands the client exactly the addresses it checked, so no second
 * lookup can answer differently (DNS rebinding). The Host header and TLS still use the URL's name.
 *
 * <p>Every failure is described in Passage's own words (could not connect, timed out…), never with an
 * exception's text, which could carry a receiver's or a resolver's content into the delivery log.
 */
final class WebhookSender implements AutoCloseable {
    /** One attempt's result; {@code retryAfterMillis} is how long a 429 or 503 receiver asked us to wait, if it did. */
    record Outcome(Integer statusCode, long latencyMs, String error, Long retryAfterMillis) {
        Outcome(Integer statusCode, long latencyMs, String error) {
            this(statusCode, latencyMs, error, null);
        }

        boolean delivered() {
            return error == null;
        }
    }

    /** How a host name becomes addresses (the system's resolver; tests put their own). */
    @FunctionalInterface
    interface Lookup {
        InetAddress[] all(String host) throws UnknownHostException;
    }

    /** Longest wait a receiver's Retry-After can ask for: past it the delivery keeps its own schedule's pace. */
    static final long MAX_RETRY_AFTER_MILLIS = Duration.ofHours(1).toMillis();

    private final HttpClient client;
    private final Duration timeout;
    private final java.time.Clock clock;

    WebhookSender(Duration timeout, boolean allowPrivateAddresses, java.time.Clock clock) {
        this(timeout, allowPrivateAddresses, clock, InetAddress::getAllByName);
    }

    WebhookSender(Duration timeout, boolean allowPrivateAddresses, java.time.Clock clock, Lookup lookup) {
        this.timeout = timeout;
        this.clock = clock;
        this.client = new HttpClient();
        client.setFollowRedirects(false);
        client.setConnectTimeout(timeout.toMillis());
        client.setIdleTimeout(Math.max(timeout.toMillis(), 30_000));
        client.setSocketAddressResolver(new VettingResolver(lookup, allowPrivateAddresses));
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Passage-Webhooks/0.1"));
        client.setMaxConnectionsPerDestination(64);
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("webhook-client");
        threads.setVirtualThreadsExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        client.setExecutor(threads);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("The webhook HTTP client could not start", e);
        }
    }

    /** A host refused by the address policy: its message is ours and says why. */
    static final class Refused extends UnknownHostException {
        Refused(String message) {
            super(message);
        }
    }

    /** Resolves once, checks every address, and gives the client only what was checked. */
    private record VettingResolver(Lookup lookup, boolean allowPrivate) implements SocketAddressResolver {
        @Override
        public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
            InetAddress[] addresses;
            try {
                addresses = lookup.all(host);
            } catch (UnknownHostException e) {
                promise.failed(new Refused("could not resolve host " + host));
                return;
            }
            if (!allowPrivate) {
                for (InetAddress address : addresses) {
                    Optional<String> why = AddressPolicy.refusal(address);
                    if (why.isPresent()) {
                        promise.failed(new Refused("refused: " + host + " resolves to " + address.getHostAddress() + ", a "
                                + why.get() + " address; webhooks.allow-private-addresses is false"));
                        return;
                    }
                }
            }
            List<InetSocketAddress> vetted = new java.util.ArrayList<>();
            for (InetAddress address : addresses) {
                vetted.add(new InetSocketAddress(address, port));
            }
            promise.succeeded(vetted);
        }
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
            if (uri.getPort() == 0 || uri.getPort() > 65535) {
                return new Outcome(null, 0, "refused: the webhook URL's port is out of range");
            }
        } catch (java.net.URISyntaxException e) {
            return new Outcome(null, 0, "refused: the webhook URL is not a valid URL");
        }
        Request request = client.newRequest(uri).method(HttpMethod.POST)
                // One deadline for the whole exchange, the receiver's body included.
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .body(new BytesRequestContent("application/json", body));
        request.headers(h -> headers.forEach(h::put));
        CompletableFuture<Result> done = new CompletableFuture<>();
        request.send(done::complete); // The receiver's body is read and thrown away.
        Result result;
        try {
            result = done.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.abort(e);
            return new Outcome(null, elapsed(start), timedOut());
        } catch (ExecutionException e) {
            return new Outcome(null, elapsed(start), describe(e.getCause(), uri));
        } catch (InterruptedException e) {
            request.abort(e);
            throw e;
        }
        long latency = elapsed(start);
        Response response = result.getResponse();
        int status = response == null ? 0 : response.getStatus();
        if (result.isFailed() && status == 0) {
            return new Outcome(null, latency, describe(result.getFailure(), uri));
        }
        if (status >= 200 && status < 300 && !result.isFailed()) {
            return new Outcome(status, latency, null);
        }
        if (status >= 200 && status < 300) {
            return new Outcome(status, latency, "HTTP " + status + " but " + describe(result.getFailure(), uri));
        }
        String why = status >= 300 && status < 400 ? "HTTP " + status + " (redirects are not followed)" : "HTTP " + status;
        Long retryAfter = status == 429 || status == 503
                ? Optional.ofNullable(response.getHeaders().get(HttpHeader.RETRY_AFTER))
                        .flatMap(v -> retryAfterMillis(v, clock.instant())).orElse(null)
                : null;
        return new Outcome(status, latency, why, retryAfter);
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

    private String timedOut() {
        return "timed out after " + timeout.toMillis() + " ms";
    }

    /** A failure in our own words: the exception's class decides, its text is never shown. */
    private String describe(Throwable failure, URI uri) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            switch (t) {
                case Refused r -> {
                    return r.getMessage();
                }
                case TimeoutException te -> {
                    return timedOut();
                }
                case java.net.SocketTimeoutException te -> {
                    return "connection " + timedOut();
                }
                case ConnectException c -> {
                    return "could not connect to " + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
                }
                case javax.net.ssl.SSLException ssl -> {
                    return "the TLS handshake with " + uri.getHost() + " failed (certificate or protocol)";
                }
                case java.nio.channels.ClosedChannelException closed -> {
                    return "the receiver closed the connection before it answered";
                }
                case org.eclipse.jetty.io.EofException eof -> {
                    return "the receiver closed the connection before it answered";
                }
                case org.eclipse.jetty.http.BadMessageException bad -> {
                    return "the receiver's answer was not valid HTTP";
                }
                default -> { }
            }
        }
        return "the request failed";
    }

    private static long elapsed(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(WebhookSender.class).debug("Stopping the webhook HTTP client failed", e);
        }
    }
}
