package dev.passage.server.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A real webhook receiver on loopback (JDK HTTP server): records every request and answers as told. */
final class Receiver implements AutoCloseable {
    /** One request as it arrived: path, headers, and the exact body bytes. */
    record Received(String path, com.sun.net.httpserver.Headers headers, byte[] body) {
        String header(String name) {
            return headers.getFirst(name);
        }

        String deliveryId() {
            return header("X-Passage-Delivery-Id");
        }
    }

    /** How to answer: given the request and how many requests this delivery id has made so far (1 for the first). */
    @FunctionalInterface
    interface Behaviour {
        Reply reply(Received request, int nthForDelivery) throws Exception;
    }

    /** A status, and an optional Location header. */
    record Reply(int status, String location, String retryAfter) {
        Reply(int status, String location) {
            this(status, location, null);
        }

        static Reply of(int status) {
            return new Reply(status, null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> perDelivery = new ConcurrentHashMap<>();

    private Receiver(Behaviour behaviour) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                Received r = new Received(exchange.getRequestURI().getPath(),
                        new com.sun.net.httpserver.Headers(exchange.getRequestHeaders()), in.readAllBytes());
                received.add(r);
                String id = r.deliveryId() == null ? "-" : r.deliveryId();
                int nth = perDelivery.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                Reply reply;
                try {
                    reply = behaviour.reply(r, nth);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    reply = Reply.of(500);
                }
                if (reply.location() != null) {
                    exchange.getResponseHeaders().add("Location", reply.location());
                }
                if (reply.retryAfter() != null) {
                    exchange.getResponseHeaders().add("Retry-After", reply.retryAfter());
                }
                exchange.sendResponseHeaders(reply.status(), -1);
            }
        });
        server.start();
    }

    static Receiver start(Behaviour behaviour) {
        return new Receiver(behaviour);
    }

    /** Answers every request with {@code status}. */
    static Receiver answering(int status) {
        return new Receiver((r, n) -> Reply.of(status));
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
