package dev.passage.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.passage.server.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * A webhook receiver on loopback that answers 500 to a random share of attempts and 200 to the rest,
 * and records every attempt by its {@code X-Passage-Delivery-Id}: how often each delivery came, how
 * often it was answered 200, and which links got a 200 for which event.
 */
final class FlakyReceiver implements AutoCloseable {
    /** What one delivery id saw. */
    static final class Seen {
        final String linkId;
        final String event;
        final AtomicLong received = new AtomicLong();
        final AtomicLong answered200 = new AtomicLong();

        Seen(String linkId, String event) {
            this.linkId = linkId;
            this.event = event;
        }
    }

    private final HttpServer server;
    private final double failShare;
    private final Random random;
    private final Map<String, Seen> deliveries = new ConcurrentHashMap<>();
    /** Link id → events it got a 200 for. */
    private final Map<String, Set<String>> delivered = new ConcurrentHashMap<>();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong answered500 = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();

    FlakyReceiver(double failShare, long seed) throws IOException {
        this.failShare = failShare;
        this.random = new Random(seed);
        server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            attempts.incrementAndGet();
            String id = ex.getRequestHeaders().getFirst("X-Passage-Delivery-Id");
            JsonNode json;
            try {
                json = Json.mapper().readTree(new String(body, StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                json = null;
            }
            if (id == null || json == null || !json.path("linkId").isString()) {
                malformed.incrementAndGet();
                ex.sendResponseHeaders(400, -1);
                return;
            }
            JsonNode parsed = json;
            Seen seen = deliveries.computeIfAbsent(id, k -> new Seen(parsed.path("linkId").asString(), parsed.path("event").asString()));
            seen.received.incrementAndGet();
            boolean fail;
            synchronized (random) {
                fail = random.nextDouble() < failShare;
            }
            if (fail) {
                answered500.incrementAndGet();
                ex.sendResponseHeaders(500, -1);
                return;
            }
            // Recorded before the answer leaves: a 200 the sender never reads (it was killed) still counts here.
            seen.answered200.incrementAndGet();
            delivered.computeIfAbsent(seen.linkId, k -> ConcurrentHashMap.newKeySet()).add(seen.event);
            ex.sendResponseHeaders(200, -1);
        }
    }

    Map<String, Seen> deliveries() {
        return deliveries;
    }

    /** The events {@code linkId} got a 200 for (empty when none). */
    Set<String> deliveredEvents(String linkId) {
        return delivered.getOrDefault(linkId, Set.of());
    }

    long attempts() {
        return attempts.get();
    }

    long answered500() {
        return answered500.get();
    }

    long malformed() {
        return malformed.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
