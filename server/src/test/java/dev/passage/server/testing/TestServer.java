package dev.passage.server.testing;

import dev.passage.server.Passage;
import dev.passage.server.config.ConfigLoader;
import dev.passage.server.config.PassageConfig;
import dev.passage.server.integrations.PortalLocator;
import dev.passage.server.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** A real Passage server on a free loopback port over a real database, with an HTTP client for it. */
public final class TestServer implements AutoCloseable {
    public static final String TEST_MASTER_KEY = "cGFzc2FnZS10ZXN0LW1hc3Rlci1rZXktMzItYnl0ZXM=";
    public final MutableClock clock;
    public final Passage passage;
    public final Path dir;
    private volatile OpenApiCheck openApi;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** The worker launcher of this server: tests take the tickets of claimed sessions from it. */
    public final TestLauncher launcher = new TestLauncher();

    private TestServer(String databaseKind, Map<String, String> overrides) {
        this(databaseKind, overrides, null);
    }

    /** With {@code portals} (not null): the hosted worker runs the integrations against them, on a ticking clock. */
    private TestServer(String databaseKind, Map<String, String> overrides, PortalLocator portals) {
        this.clock = portals == null ? new MutableClock(Instant.parse("2026-11-25T12:00:00Z")) : MutableClock.ticking();
        this.dir = TestDatabases.tempDir();
        Map<String, String> settings = new HashMap<>();
        settings.put("port", "0");
        settings.put("host", "127.0.0.1");
        settings.put("database.url", TestDatabases.fresh(databaseKind, dir));
        settings.put("data.dir", dir.resolve("data").toString());
        // Every node of one deployment shares the master secret; so do the test nodes sharing a database.
        settings.put("secrets.master-key", TEST_MASTER_KEY);
        // Tests claim far more often than a person; the rate limit has its own test.
        settings.put("claim.rate-limit-per-minute", "1000000");
        settings.put("api.rate-limit-per-minute", "1000000");
        settings.put("sessions.timeout-check-interval-millis", "50");
        // Retries exactly on schedule, so tests can say when each attempt goes; the jitter has its own test.
        settings.put("webhooks.retry-jitter-percent", "0");
        settings.putAll(overrides);
        this.passage = startOnAFreePort(settings, portals,
                !overrides.containsKey("port") && !overrides.containsKey("public-url"));
    }

    /**
     * Starts the server. Unless the test chose a port or public URL, a free port is picked first so the
     * URLs the API hands out (websocketUrl, appClipUrl) name the real port; another process may take it
     * in between, so a bind failure picks again.
     */
    private Passage startOnAFreePort(Map<String, String> settings, PortalLocator portals, boolean pickPort) {
        for (int attempt = 1; ; attempt++) {
            if (pickPort) {
                int port = freePort();
                settings.put("port", Integer.toString(port));
                settings.put("public-url", "http://localhost:" + port);
            }
            PassageConfig config = ConfigLoader.load(Map.of(), Optional.empty(), settings);
            Passage.Builder builder = Passage.builder(config).clock(clock);
            Passage opened = (portals != null ? builder.portals(portals) : builder.workerLauncher(launcher)).open();
            try {
                return opened.start();
            } catch (io.javalin.util.JavalinBindException e) {
                opened.close();
                if (!pickPort || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A server as it runs for people: the hosted worker running the integrations' automations against
     * {@code portals} (its {@link #launcher} is unused), on a clock that ticks with real time and that a
     * test may move forward.
     */
    public static TestServer startHosted(String databaseKind, Map<String, String> overrides, PortalLocator portals) {
        return new TestServer(databaseKind, overrides, portals);
    }

    public static TestServer start(String databaseKind) {
        return new TestServer(databaseKind, Map.of());
    }

    public static TestServer start(String databaseKind, Map<String, String> overrides) {
        return new TestServer(databaseKind, overrides);
    }

    /** A ws:// URI of this server. */
    public URI wsUri(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + passage.port() + pathAndQuery);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + passage.port() + path);
    }

    /** A new organization with one API key; returns the key. */
    public String newOrgKey() {
        String orgId = passage.orgs().createOrganization("Test org").id();
        return passage.orgs().createKey(orgId).secret();
    }

    public Response get(String path, String apiKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return send(b.build());
    }

    public Response postJson(String path, String apiKey, String body) {
        return post(path, apiKey, "application/json", body);
    }

    public Response post(String path, String apiKey, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    /**
     * Sends {@code request}; the answer is checked against the server's OpenAPI document (its status
     * documented for the operation, a JSON body matching the schema) before the test sees it.
     */
    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            openApi().check(request.method(), request.uri().getPath(), r.statusCode(),
                    r.headers().firstValue("Content-Type").orElse(null), r.body());
            return new Response(r.statusCode(), r.body(), r);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private OpenApiCheck openApi() throws java.io.IOException, InterruptedException {
        OpenApiCheck check = openApi;
        if (check == null) {
            HttpResponse<String> doc = http.send(HttpRequest.newBuilder(uri("/openapi.json")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            check = new OpenApiCheck(Json.mapper().readTree(doc.body()));
            openApi = check;
        }
        return check;
    }

    @Override
    public void close() {
        passage.close();
    }

    /** An HTTP response with its body parsed as JSON when it is JSON. */
    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            return Json.mapper().readTree(body);
        }

        public Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }
    }
}
