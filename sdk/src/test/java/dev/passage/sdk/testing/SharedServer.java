package dev.passage.sdk.testing;

import dev.passage.sdk.PassageClient;
import dev.passage.server.testing.TestServer;

/**
 * One real Passage server (in-process, real HTTP on loopback, a fresh SQLite file) for the whole
 * test run; each test gets an organization of its own, so tests never see each other's links.
 */
public final class SharedServer {
    private static TestServer server;

    private SharedServer() {}

    /** The server, started on first use and closed when the JVM exits. */
    public static synchronized TestServer get() {
        if (server == null) {
            // A key gets 600 requests a minute, as by default: the rate-limit test reaches it, the others stay below.
            TestServer started = TestServer.start("sqlite", java.util.Map.of("api.rate-limit-per-minute", "600"));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
            server = started;
        }
        return server;
    }

    /** The server's base URL. */
    public static String baseUrl() {
        return "http://127.0.0.1:" + get().passage.port();
    }

    /** A client for a new organization of the shared server. */
    public static PassageClient newClient() {
        return client(get().newOrgKey());
    }

    /** A client of the shared server with {@code apiKey}. */
    public static PassageClient client(String apiKey) {
        return PassageClient.builder().apiKey(apiKey).baseUrl(baseUrl()).clock(get().clock).build();
    }
}
