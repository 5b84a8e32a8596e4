package dev.passage.sdk;

import dev.passage.sdk.internal.Backoff;
import dev.passage.sdk.internal.HttpTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The Passage Connect API client. Build it once and share it: it is immutable and thread-safe.
 *
 * <pre>{@code
 * PassageClient passage = PassageClient.builder().apiKey(System.getenv("PASSAGE_API_KEY")).build();
 * CreatedLink link = passage.links().create(LinkCreateParams.builder()
 *         .integrationId("tmobile").operation("paymentMethod", "read").build());
 * }</pre>
 */
public final class PassageClient {
    /** Where a server started with {@code ./passage serve} answers. */
    public static final String DEFAULT_BASE_URL = "http://localhost:8080";

    private final HttpTransport transport;
    private final Clock clock;
    private final Links links;
    private final Providers providers;
    private final Webhooks webhooks;
    private final Sandbox sandbox;

    private PassageClient(Builder b) {
        HttpClient http = b.httpClient != null ? b.httpClient : HttpClient.newBuilder()
                .connectTimeout(b.connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.clock = b.clock;
        this.transport = new HttpTransport(http, b.baseUrl, b.apiKey, b.requestTimeout, b.maxRetries, b.clock, b.sleeper,
                Backoff.DEFAULT);
        this.links = new Links(transport);
        this.providers = new Providers(transport);
        this.webhooks = new Webhooks(transport);
        this.sandbox = new Sandbox(transport, links);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Links: create, get, list. */
    public Links links() {
        return links;
    }

    /** Providers: what can be linked, with JSON Schemas. */
    public Providers providers() {
        return providers;
    }

    /** A link's webhook deliveries, resending, and verification keys. */
    public Webhooks webhooks() {
        return webhooks;
    }

    /** Sandbox helpers that drive links without a device (404 on a production server). */
    public Sandbox sandbox() {
        return sandbox;
    }

    /** The server's base URL. */
    public URI baseUrl() {
        return transport.baseUrl();
    }

    /** The clock this client reads time from (for {@code Retry-After} dates). */
    public Clock clock() {
        return clock;
    }

    /** Builds a {@link PassageClient}. */
    public static final class Builder {
        private String apiKey;
        private URI baseUrl = URI.create(DEFAULT_BASE_URL);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxRetries = 2;
        private HttpClient httpClient;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.SYSTEM;

        private Builder() {}

        /** The organization's API key, {@code psg_…}; needed for every {@code /v1} call. */
        public Builder apiKey(String apiKey) {
            if (apiKey != null && !apiKey.startsWith("psg_")) {
                throw new IllegalArgumentException("a Passage API key starts with psg_");
            }
            this.apiKey = apiKey;
            return this;
        }

        /** The server's base URL; {@value PassageClient#DEFAULT_BASE_URL} when not set. */
        public Builder baseUrl(String baseUrl) {
            return baseUrl(URI.create(baseUrl));
        }

        /** The server's base URL. */
        public Builder baseUrl(URI baseUrl) {
            String scheme = baseUrl.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme) || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("the base URL must be an absolute http(s) URL, not " + baseUrl);
            }
            this.baseUrl = baseUrl;
            return this;
        }

        /** How long to wait for a connection (10 s); ignored when {@link #httpClient(HttpClient)} is given. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /** How long one attempt of a request may take (30 s). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
            return this;
        }

        /** How many times a safe request is retried (2). */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative");
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** An HTTP client of your own (proxy, TLS, executor); the client's connect timeout is then yours. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /** The clock (the system's UTC clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How to wait between retries ({@link Sleeper#SYSTEM}). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** The client. */
        public PassageClient build() {
            return new PassageClient(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
