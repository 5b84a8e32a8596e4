package dev.passage.sdk.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted HTTP server for the retry tests alone (the real server cannot be made to answer 503
 * on cue): answers each request with the next scripted reply, and records what it was sent.
 */
public final class StubServer implements AutoCloseable {
    /** One scripted answer. */
    public record Reply(int status, Map<String, String> headers, String body) {
        /** A JSON answer with extra headers. */
        public static Reply of(int status, String body, Map<String, String> headers) {
            return new Reply(status, headers, body);
        }

        /** A JSON answer. */
        public static Reply of(int status, String body) {
            return new Reply(status, Map.of(), body);
        }
    }

    /** One request as it arrived. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        /** The first value of a header, or null. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private StubServer(List<Reply> replies) {
        script.addAll(replies);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        Map.copyOf(exchange.getRequestHeaders()), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                Reply reply;
                synchronized (script) {
                    reply = script.size() > 1 ? script.poll() : script.peek();
                }
                byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.getResponseHeaders().add("X-Request-Id", "req_stub_" + requests.size());
                reply.headers().forEach(exchange.getResponseHeaders()::add);
                exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    /** A server answering with {@code replies} in turn, the last one from then on. */
    public static StubServer answering(Reply... replies) {
        return new StubServer(List.of(replies));
    }

    /** Its base URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The requests received, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
