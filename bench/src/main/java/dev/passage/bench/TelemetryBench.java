package dev.passage.bench;

import dev.passage.protocol.ClientMessage;
import dev.passage.protocol.Role;
import dev.passage.protocol.ServerMessage;
import dev.passage.protocol.SessionSocket;
import dev.passage.server.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Telemetry ack time as a session's stored telemetry grows: the built server as an OS process, one
 * link claimed, the hosted worker yielding for the login (so every batch is judged), and one client
 * sending {@code client.events} batches of {@code events} events of about {@code event-bytes} each,
 * the next as soon as the previous one's {@code server.ack} came, for at most {@code batches} batches
 * and {@code seconds} seconds. Prints ack times (send → ack) per tenth of the run with the number of
 * events stored before it, and the last tenth's p50 and p99 over the first's.
 */
public final class TelemetryBench {
    private static final String[] SETTINGS = {
            "batches", "300", "bound on batches sent",
            "seconds", "120", "bound on the run's length",
            "events", "200", "events per batch",
            "event-bytes", "3000", "size of each event's body (characters)",
            "synchronous", "FULL", "database.sqlite-synchronous: FULL (production) or NORMAL",
            "seed", "7", "random seed of the bodies",
            "dir", "", "keep the run here instead of a deleted temp directory",
            "server-jar", "", "the server jar (default: server/target/passage-server.jar under bench.root)"};
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TelemetryBench() {}

    public static void main(String[] args) throws Exception {
        Knobs k = Knobs.parseOrExit(args, "telemetry", SETTINGS);
        System.exit(run(k));
    }

    private static int run(Knobs k) throws Exception {
        int batches = k.integer("batches", 1, 1_000_000);
        double seconds = k.number("seconds", 1, 86_400);
        int perBatch = k.integer("events", 1, 1000);
        int eventBytes = k.integer("event-bytes", 1, 4000);
        String dirSetting = k.string("dir");
        Path dir = dirSetting.isEmpty() ? Files.createTempDirectory("passage-telemetry-") : Files.createDirectories(Path.of(dirSetting));
        Path jar = k.string("server-jar").isEmpty()
                ? Path.of(System.getProperty("bench.root", ".")).resolve("server/target/passage-server.jar")
                : Path.of(k.string("server-jar"));
        long maxEvents = Math.min(10_000_000L, (long) batches * perBatch + 1000);
        long maxKib = Math.min(16L * 1024 * 1024, (long) batches * perBatch * (eventBytes + 200) / 1024 * 2 + 1024);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("database.sqlite-synchronous", k.oneOf("synchronous", "FULL", "NORMAL", "EXTRA", "OFF"));
        config.put("sandbox.portals", "false");
        config.put("automation.live-base-urls", "tmobile=http://127.0.0.1:9/portal");
        config.put("automation.login-timeout-seconds", "86400");
        config.put("sessions.telemetry-max-events", Long.toString(maxEvents));
        config.put("sessions.telemetry-max-kib", Long.toString(maxKib));
        config.put("log.level", "WARN");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        ServerProcess server = new ServerProcess(Path.of(System.getProperty("java.home"), "bin", "java"), jar, dir, config);
        try {
            String org = server.admin("org", "create", "telemetry");
            String key = server.admin("key", "create", "--org", org);
            server.start();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(server.uri("/v1/links"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"integrationId\":\"tmobile\",\"resource\":\"paymentMethod\",\"action\":\"read\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String code = Json.mapper().readTree(created.body()).get("claimCode").asString();
            HttpResponse<String> claimed = http.send(HttpRequest.newBuilder(server.uri("/link/claim"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode claim = Json.mapper().readTree(claimed.body());
            System.out.printf("telemetry: server %s (SQLite synchronous=%s), budget %d events / %d KiB; batches of %d events of ~%d B%n",
                    server.baseUrl(), config.get("database.sqlite-synchronous"), maxEvents, maxKib, perBatch, eventBytes);
            try (SessionSocket socket = SessionSocket.connect(http, URI.create(claim.get("websocketUrl").asString()), Role.CLIENT,
                    claim.get("clientToken").asString(), Duration.ofSeconds(5))) {
                socket.send(new ClientMessage.Hello(0));
                waitForLoginYield(socket);
                return measure(socket, batches, seconds, perBatch, eventBytes, new Random(k.integer("seed", 0, Integer.MAX_VALUE)),
                        server);
            }
        } finally {
            server.kill();
            if (dirSetting.isEmpty()) {
                try (Stream<Path> paths = Files.walk(dir)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** Answers the worker (navigate, the failure checks) until it yields for the login. */
    private static void waitForLoginYield(SessionSocket socket) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            ServerMessage m = socket.poll(Duration.ofMillis(200));
            if (m instanceof ServerMessage.Replay r) {
                socket.requeue(r.messages());
            } else if (m instanceof ServerMessage.RunCommand c) {
                answer(socket, c);
            } else if (m instanceof ServerMessage.SetInteractive si && si.interactive()) {
                return;
            }
        }
        throw new IllegalStateException("the hosted worker did not yield for the login within 30 s");
    }

    private static void answer(SessionSocket socket, ServerMessage.RunCommand c) {
        socket.send(ClientMessage.CommandResponse.success(c.id(), switch (c.command()) {
            case NAVIGATE -> NODES.objectNode().put("url", c.args().path("url").asString("")).put("status", 200);
            default -> NODES.nullNode();
        }));
    }

    private static int measure(SessionSocket socket, int batches, double seconds, int perBatch, int eventBytes, Random random,
                               ServerProcess server) throws InterruptedException {
        List<long[]> samples = new ArrayList<>(); // {ack nanos, events stored before the batch}
        long stored = 0;
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        String refused = null;
        for (int b = 0; b < batches && System.nanoTime() < end; b++) {
            List<JsonNode> events = new ArrayList<>(perBatch);
            for (int i = 0; i < perBatch; i++) {
                ObjectNode e = NODES.objectNode().put("type", "network").put("url", "http://127.0.0.1:9/portal/api/" + b + "/" + i)
                        .put("method", "GET").put("status", 200).put("body", body(random, eventBytes)).put("ts", System.currentTimeMillis());
                events.add(e);
            }
            long sent = System.nanoTime();
            if (!socket.send(new ClientMessage.Events(events))) {
                refused = "the socket closed (close code " + socket.closeCode() + ")";
                break;
            }
            ServerMessage.Ack ack = awaitAck(socket, end + Duration.ofSeconds(30).toNanos());
            if (ack == null || !ack.accepted()) {
                refused = ack == null ? "no ack (close code " + socket.closeCode() + ")" : "refused: " + ack.error();
                break;
            }
            samples.add(new long[] {System.nanoTime() - sent, stored});
            stored += ack.count() == null ? perBatch : ack.count();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        System.out.printf("telemetry: %d batches (%d events stored) in %.1f s%s; database %s%n", samples.size(), stored, elapsed,
                refused == null ? "" : ", stopped: " + refused, size(server.dataDir()));
        if (samples.size() < 10) {
            System.out.println("telemetry: fewer than 10 batches; nothing to compare");
            return 1;
        }
        System.out.println();
        System.out.println("| tenth | batches | events stored before | p50 ms | p90 ms | p99 ms | max ms |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        double[][] firstLast = new double[2][];
        for (int t = 0; t < 10; t++) {
            int from = samples.size() * t / 10;
            int to = samples.size() * (t + 1) / 10;
            long[] ns = samples.subList(from, to).stream().mapToLong(s -> s[0]).sorted().toArray();
            double[] p = {pct(ns, 50), pct(ns, 90), pct(ns, 99), ns[ns.length - 1] / 1e6};
            System.out.printf("| %d | %d | %,d | %.1f | %.1f | %.1f | %.1f |%n", t + 1, ns.length, samples.get(from)[1], p[0], p[1], p[2], p[3]);
            if (t == 0) {
                firstLast[0] = p;
            } else if (t == 9) {
                firstLast[1] = p;
            }
        }
        System.out.printf("%ntelemetry: last tenth / first tenth: p50 %.2f, p99 %.2f%n", firstLast[1][0] / firstLast[0][0],
                firstLast[1][2] / firstLast[0][2]);
        return refused == null ? 0 : 1;
    }

    /** The ack of the batch just sent, answering the worker's commands meanwhile; null when the socket went. */
    private static ServerMessage.Ack awaitAck(SessionSocket socket, long deadline) throws InterruptedException {
        while (System.nanoTime() < deadline) {
            ServerMessage m = socket.poll(Duration.ofMillis(100));
            switch (m) {
                case null -> {
                    if (socket.isClosed()) {
                        return null;
                    }
                }
                case ServerMessage.Ack a when "client.events".equals(a.of()) -> {
                    return a;
                }
                case ServerMessage.RunCommand c -> answer(socket, c);
                default -> { }
            }
        }
        return null;
    }

    private static String body(Random random, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(c);
    }

    private static double pct(long[] sorted, double p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.clamp(idx, 0, sorted.length - 1)] / 1e6;
    }

    private static String size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            long bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            return String.format("%.1f MiB", bytes / 1048576.0);
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
