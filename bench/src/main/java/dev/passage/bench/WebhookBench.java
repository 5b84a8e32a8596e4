package dev.passage.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import dev.passage.server.Passage;
import dev.passage.server.config.ConfigLoader;
import dev.passage.server.config.PassageConfig;
import dev.passage.server.json.Json;
import dev.passage.server.links.LinkChanged;
import dev.passage.server.links.LinkStatus;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Webhook throughput, next to what the JVM can sign: (1) raw ES256 signatures per second of a
 * webhook-shaped JWS (SHA-256 of a body + ES256 over header.payload), on one thread and on all
 * cores; (2) signed deliveries per second end to end: events written to the outbox in transactions
 * of {@code batch}, taken by the real dispatcher, signed, POSTed to a local receiver that answers
 * 204, and each attempt recorded. The ratio says how much of the cost is signing.
 *
 * <p>Arguments (all optional): {@code deliveries=20000 seconds=5 batch=200 sends=64 db=sqlite|<jdbc url>}.
 * Moves into the bench module as {@code dev.passage.bench.WebhookBench}.
 */
public final class WebhookBench {
    private static final byte[] BODY = """
            {"event":"link.complete","linkId":"link_00000000-0000-0000-0000-000000000000","status":"complete",\
            "result":{"paymentMethods":[{"order":1,"vendorId":"pm_1","last4":"4242","type":"credit_card","isDefault":true,\
            "raw":{}}]},"timestamp":1795608000000}""".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new java.util.HashMap<>();
        for (String a : args) {
            String[] kv = a.split("=", 2);
            opts.put(kv[0], kv.length == 2 ? kv[1] : "");
        }
        int deliveries = Integer.parseInt(opts.getOrDefault("deliveries", "20000"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "5"));
        int batch = Integer.parseInt(opts.getOrDefault("batch", "200"));
        int sends = Integer.parseInt(opts.getOrDefault("sends", "64"));
        String db = opts.getOrDefault("db", "sqlite");
        int cores = Runtime.getRuntime().availableProcessors();

        System.out.printf(Locale.ROOT, "JVM %s, %d cores%n", Runtime.version(), cores);
        double one = signaturesPerSecond(1, seconds);
        double all = signaturesPerSecond(cores, seconds);
        System.out.printf(Locale.ROOT, "raw ES256 webhook signatures: %,.0f/s on 1 thread, %,.0f/s on %d threads%n", one, all, cores);

        double delivered = deliveriesPerSecond(deliveries, batch, sends, db);
        System.out.printf(Locale.ROOT, "signed deliveries to a local receiver: %,.0f/s (%d deliveries, batch %d, %d sends in flight, %s)%n",
                delivered, deliveries, batch, sends, db.startsWith("jdbc:") ? "jdbc" : db);
        System.out.printf(Locale.ROOT, "ratio deliveries/raw signatures (all threads): %.3f%n", delivered / all);
    }

    /** Signs webhook-shaped JWSs on {@code threads} threads for {@code seconds} (after a 1 s warm-up). */
    static double signaturesPerSecond(int threads, int seconds) throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("whk_bench").generate();
        ECDSASigner signer = new ECDSASigner(key);
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build();
        LongAdder count = new LongAdder();
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                long now;
                while ((now = System.nanoTime()) < end) {
                    String hash = HexFormat.of().formatHex(sha.digest(BODY));
                    JWSObject jws = new JWSObject(header, new Payload("{\"iat\":1795608000,\"request_body_sha256\":\"" + hash + "\"}"));
                    jws.sign(signer);
                    if (jws.serialize().isEmpty()) {
                        throw new IllegalStateException();
                    }
                    if (now >= warmEnd) {
                        count.increment();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 30L, TimeUnit.SECONDS);
        return count.sum() / (double) seconds;
    }

    /** Enqueues {@code n} events and times them until the receiver has had them all (bounded to 5 minutes). */
    static double deliveriesPerSecond(int n, int batch, int sends, String db) throws Exception {
        Path dir = Files.createTempDirectory("passage-webhook-bench");
        LongAdder received = new LongAdder();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        ExecutorService receiverThreads = Executors.newVirtualThreadPerTaskExecutor();
        receiver.setExecutor(receiverThreads);
        receiver.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                received.increment();
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        PassageConfig config = ConfigLoader.load(Map.of(), Optional.empty(), Map.of(
                "port", "0", "host", "127.0.0.1",
                "database.url", db.equals("sqlite") ? "jdbc:sqlite:" + dir.resolve("bench.db") : db,
                "data.dir", dir.resolve("data").toString(),
                "log.level", "WARN", "sandbox.portals", "false",
                "webhooks.retry-schedule-seconds", "0",
                "webhooks.poll-interval-millis", "50",
                "webhooks.max-concurrent-sends", Integer.toString(sends),
                "webhooks.max-concurrent-sends-per-host", Integer.toString(sends)));
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Clock clock = Clock.systemUTC();
        try (Passage passage = Passage.open(config, clock).start()) {
            String orgId = passage.orgs().createOrganization("Bench").id();
            ObjectNode body = (ObjectNode) Json.mapper().readTree(
                    "{\"integrationId\":\"tmobile\",\"resource\":\"paymentMethod\",\"action\":\"read\"}");
            body.put("webhookUrl", url);
            String linkId = passage.links().create(orgId, body).link().id();
            JsonNode result = Json.mapper().readTree("{\"paymentMethods\":[]}");

            long start = System.nanoTime();
            for (int done = 0; done < n; done += batch) {
                int size = Math.min(batch, n - done);
                passage.database().write(h -> {
                    for (int i = 0; i < size; i++) {
                        passage.webhooks().enqueue(new LinkChanged(linkId, orgId, LinkStatus.COMPLETE, clock.millis(), result, null, url));
                    }
                    return null;
                });
            }
            long deadline = start + TimeUnit.MINUTES.toNanos(5);
            while (received.sum() < n && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (received.sum() < n) {
                System.out.printf("only %d of %d deliveries arrived within 5 minutes%n", received.sum(), n);
            }
            // Let the last attempts be recorded before closing.
            long recordedDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < recordedDeadline && passage.database().read(h -> h.createQuery(
                    "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending'").mapTo(Integer.class).one()) > 0) {
                Thread.sleep(20);
            }
            return received.sum() / elapsed;
        } finally {
            receiver.stop(0);
            receiverThreads.shutdownNow();
        }
    }
}
