package dev.passage.bench;

import dev.passage.server.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Soak: the built server as an OS process on embedded SQLite, under link creates, claims with real
 * sessions (the hosted worker's automation against {@link ScriptedDevice}) and sandbox ends, webhooks
 * to a {@link FlakyReceiver}, and {@code kill -9} at random moments, restarted on the same data
 * directory. After a last kill and restart and a settle period it checks what a developer relies on:
 * every link answered 201 is readable and listed, none is left active (those whose session died with
 * the server end failed, server_restarted), and every link that ended got its webhook answered 200;
 * and it counts duplicate deliveries. Exits 1 when any check fails, 2 on bad settings.
 */
public final class SoakBench {
    private static final String[] SETTINGS = {
            "seconds", "90", "length of the load phase",
            "kills", "3", "kill -9 and restart this many times during the load (then once more at its end)",
            "users", "12", "concurrent simulated developers+users (virtual threads)",
            "max-links", "200000", "bound on links created",
            "session-share", "0.3", "share of links claimed and run as a real session over the websockets",
            "pending-share", "0.05", "share of links left pending",
            "fail-share", "0.3", "share of the ended links that end failed (sandbox fail, or a session whose navigate fails)",
            "receiver-fail-share", "0.3", "share of webhook attempts the receiver answers 500",
            "synchronous", "FULL", "database.sqlite-synchronous: FULL (production) or NORMAL",
            "retry-schedule", "0,1,2,3,4,5,6,8,10,12", "webhooks.retry-schedule-seconds",
            "settle-seconds", "150", "longest wait after the last restart for links and webhooks to settle",
            "seed", "20261201", "random seed (kill moments, paths, receiver answers)",
            "dir", "", "keep the run (data directory, server logs) here instead of a deleted temp directory",
            "server-jar", "", "the server jar (default: server/target/passage-server.jar under bench.root)"};

    private enum Path_ { PENDING, SANDBOX_COMPLETE, SANDBOX_FAIL, SESSION }

    /** What the load knows of one link it was answered 201 for. */
    static final class Made {
        final String id;
        final Path_ path;
        volatile String endStatus = "";
        volatile ScriptedDevice.Outcome device;

        Made(String id, Path_ path) {
            this.id = id;
            this.path = path;
        }
    }

    record Restart(String why, double killedAtSecond, double exitSeconds, double toHealthySeconds, double downSeconds) {}

    private final Knobs k;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Made> made = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
    private final List<Restart> restarts = Collections.synchronizedList(new ArrayList<>());
    private ServerProcess server;
    private FlakyReceiver receiver;
    private String key;
    private volatile boolean down;

    private SoakBench(Knobs k) {
        this.k = k;
        this.random = new Random(k.integer("seed", 0, Integer.MAX_VALUE));
    }

    public static void main(String[] args) throws Exception {
        Knobs k = Knobs.parseOrExit(args, "soak", SETTINGS);
        System.exit(new SoakBench(k).run());
    }

    private int run() throws Exception {
        String dirSetting = k.string("dir");
        Path dir = dirSetting.isEmpty() ? Files.createTempDirectory("passage-soak-") : Files.createDirectories(Path.of(dirSetting));
        Path jar = k.string("server-jar").isEmpty()
                ? Path.of(System.getProperty("bench.root", ".")).resolve("server/target/passage-server.jar")
                : Path.of(k.string("server-jar"));
        if (!Files.isRegularFile(jar)) {
            System.err.println("soak: no server jar at " + jar + " (bench/run builds it)");
            return 2;
        }
        double seconds = k.number("seconds", 1, 86_400);
        int kills = k.integer("kills", 0, 1000);
        String synchronous = k.oneOf("synchronous", "FULL", "NORMAL", "EXTRA", "OFF");
        try (FlakyReceiver r = new FlakyReceiver(k.number("receiver-fail-share", 0, 0.95), k.integer("seed", 0, Integer.MAX_VALUE))) {
            receiver = r;
            Map<String, String> config = new LinkedHashMap<>();
            config.put("node.id", "soak-node-1");
            config.put("database.sqlite-synchronous", synchronous);
            config.put("sandbox.portals", "false");
            // The hosted worker runs the tmobile automation against this base URL; only the scripted device "opens" it.
            config.put("automation.live-base-urls", "tmobile=http://127.0.0.1:9/portal");
            config.put("webhooks.retry-schedule-seconds", k.string("retry-schedule"));
            config.put("api.rate-limit-per-minute", "10000000");
            config.put("claim.rate-limit-per-minute", "10000000");
            config.put("sessions.client-connect-timeout-seconds", "20");
            config.put("sessions.reconnect-grace-seconds", "10");
            config.put("log.level", "INFO");
            server = new ServerProcess(Path.of(System.getProperty("java.home"), "bin", "java"), jar, dir, config);
            String org = server.admin("org", "create", "soak");
            key = server.admin("key", "create", "--org", org); // A secret: kept in memory, never printed.
            ServerProcess.Started first = server.start();
            System.out.printf("soak: server pid %d on %s, SQLite synchronous=%s, data %s; first start healthy after %.2f s%n",
                    first.pid(), server.baseUrl(), synchronous, server.dataDir(), first.secondsToHealthy());
            System.out.printf("soak: load for %.0f s with %d users, %d kill -9 at random moments; receiver answers 500 to %.0f%%%n",
                    seconds, k.integer("users", 1, 1024), kills, 100 * k.number("receiver-fail-share", 0, 0.95));

            long t0 = System.nanoTime();
            long loadEnd = t0 + (long) (seconds * 1e9);
            List<Double> killAt = new ArrayList<>();
            for (int i = 0; i < kills; i++) {
                double segment = seconds / kills;
                killAt.add(segment * i + segment * (0.1 + 0.8 * random.nextDouble()));
            }
            Thread killer = Thread.ofPlatform().name("soak-killer").start(() -> killAt(killAt, t0));
            int users = k.integer("users", 1, 1024);
            long[] userSeeds = random.longs(users).toArray();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int u = 0; u < users; u++) {
                    long seed = userSeeds[u];
                    pool.submit(() -> user(new Random(seed), loadEnd));
                }
            }
            killer.join();
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("soak: load done after %.1f s: %d links answered 201%n", loadSeconds, made.size());

            restart("final", t0);
            double settled = settle(k.number("settle-seconds", 1, 86_400));
            int failures = verify(settled);
            server.stop();
            printLogs();
            return failures == 0 ? 0 : 1;
        } finally {
            if (server != null) {
                server.kill();
            }
            if (dirSetting.isEmpty()) {
                deleteTree(dir);
            } else {
                System.out.println("soak: run kept in " + dir);
            }
        }
    }

    // ---- load -------------------------------------------------------------------------------------

    private void user(Random r, long loadEnd) {
        ScriptedDevice device = new ScriptedDevice(http);
        int maxLinks = k.integer("max-links", 1, 10_000_000);
        double sessionShare = k.number("session-share", 0, 1);
        double pendingShare = k.number("pending-share", 0, 1);
        double failShare = k.number("fail-share", 0, 1);
        while (System.nanoTime() < loadEnd && made.size() < maxLinks) {
            try {
                if (down) {
                    Thread.sleep(50);
                    continue;
                }
                HttpResponse<String> created = post("/v1/links", key, """
                        {"integrationId":"tmobile","resource":"paymentMethod","action":"read","externalUserId":"soak",\
                        "webhookUrl":"%s"}""".formatted(receiver.url()));
                if (created.statusCode() != 201) {
                    error("create " + created.statusCode(), created.body());
                    continue;
                }
                JsonNode body = Json.mapper().readTree(created.body());
                double p = r.nextDouble();
                Path_ path = p < pendingShare ? Path_.PENDING : p < pendingShare + sessionShare ? Path_.SESSION
                        : r.nextDouble() < failShare ? Path_.SANDBOX_FAIL : Path_.SANDBOX_COMPLETE;
                Made m = new Made(body.get("linkId").asString(), path);
                made.put(m.id, m);
                switch (path) {
                    case PENDING -> { }
                    case SANDBOX_COMPLETE -> m.endStatus = status(post("/v1/sandbox/links/" + m.id + "/complete", key, null));
                    case SANDBOX_FAIL -> m.endStatus = status(post("/v1/sandbox/links/" + m.id + "/fail", key,
                            "{\"reason\":\"site_changed\"}"));
                    case SESSION -> session(m, body.get("claimCode").asString(), device, r.nextDouble() < failShare,
                            Duration.ofMillis(100 + r.nextInt(1900)));
                }
            } catch (IOException e) {
                error("io " + e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                error("bench " + e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
            }
        }
    }

    private void session(Made m, String code, ScriptedDevice device, boolean fail, Duration loginAfter)
            throws IOException, InterruptedException {
        HttpResponse<String> claim = post("/link/claim", null, "{\"code\":\"" + code + "\"}");
        m.endStatus = "claim " + claim.statusCode();
        if (claim.statusCode() != 200) {
            error("claim " + claim.statusCode(), claim.body());
            return;
        }
        JsonNode c = Json.mapper().readTree(claim.body());
        m.device = device.run(c.get("websocketUrl").asString(), c.get("clientToken").asString(), loginAfter, fail,
                "http://127.0.0.1:9/portal/account/overview", Duration.ofSeconds(60));
    }

    private String status(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            error("end " + r.statusCode(), r.body());
        }
        return Integer.toString(r.statusCode());
    }

    private void killAt(List<Double> moments, long t0) {
        try {
            for (double at : moments) {
                long wait = t0 + (long) (at * 1e9) - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                restart("load", t0);
            }
        } catch (Exception e) {
            error("killer " + e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }
    }

    /** kill -9, then start again on the same data directory; records the times. */
    private void restart(String why, long t0) throws IOException, InterruptedException {
        long killed = System.nanoTime();
        down = true;
        server.kill();
        double exit = (System.nanoTime() - killed) / 1e9;
        ServerProcess.Started started = server.start();
        down = false;
        Restart r = new Restart(why, (killed - t0) / 1e9, exit, started.secondsToHealthy(), (System.nanoTime() - killed) / 1e9);
        restarts.add(r);
        System.out.printf("soak: kill -9 at %.1f s (%s); process gone after %.3f s; restarted, healthy after %.2f s "
                + "(down %.2f s)%n", r.killedAtSecond(), why, r.exitSeconds(), r.toHealthySeconds(), r.downSeconds());
    }

    // ---- settle and verify ------------------------------------------------------------------------

    /** Waits until no link is active and every ended link got a 200 webhook, or the bound passes; seconds waited. */
    private double settle(double maxSeconds) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + (long) (maxSeconds * 1e9);
        while (System.nanoTime() < deadline) {
            Map<String, JsonNode> all = listAll();
            boolean active = all.values().stream().anyMatch(l -> "active".equals(l.path("status").asString()));
            boolean undelivered = all.values().stream().anyMatch(l -> ended(l) && !receiver.deliveredEvents(l.path("id").asString())
                    .contains("link." + l.path("status").asString()));
            if (!active && !undelivered) {
                break;
            }
            Thread.sleep(2000);
        }
        double waited = (System.nanoTime() - t0) / 1e9;
        System.out.printf("soak: settled for %.1f s after the last restart%n", waited);
        return waited;
    }

    private static boolean ended(JsonNode link) {
        String s = link.path("status").asString();
        return s.equals("complete") || s.equals("failed");
    }

    private int verify(double settled) throws IOException, InterruptedException {
        int failures = 0;
        Map<String, JsonNode> listed = listAll();
        Map<String, Long> byStatus = new TreeMap<>();
        Map<String, Long> failedReasons = new TreeMap<>();
        List<String> unreadable = new ArrayList<>();
        List<String> unlisted = new ArrayList<>();
        List<String> stuck = new ArrayList<>();
        List<String> undelivered = new ArrayList<>();
        Map<String, Long> interrupted = new TreeMap<>();
        Map<String, Long> devices = new TreeMap<>();
        for (Made m : made.values()) {
            HttpResponse<String> r = get("/v1/links/" + m.id);
            if (r.statusCode() != 200) {
                unreadable.add(m.id + " (" + r.statusCode() + ")");
                continue;
            }
            if (!listed.containsKey(m.id)) {
                unlisted.add(m.id);
            }
            JsonNode link = Json.mapper().readTree(r.body());
            String status = link.path("status").asString();
            byStatus.merge(status, 1L, Long::sum);
            String reason = link.path("error").path("reason").asString("");
            if (status.equals("failed")) {
                failedReasons.merge(link.path("error").path("code").asString() + "/" + reason, 1L, Long::sum);
            }
            if (status.equals("active")) {
                stuck.add(m.id);
            }
            if (ended(link) && !receiver.deliveredEvents(m.id).contains("link." + status)) {
                undelivered.add(m.id + " (" + status + ")");
            }
            if (m.device != null) {
                devices.merge(m.device.name().toLowerCase(), 1L, Long::sum);
            }
            if (m.device == ScriptedDevice.Outcome.INTERRUPTED || m.device == ScriptedDevice.Outcome.UNREACHABLE) {
                interrupted.merge(status + (reason.isEmpty() ? "" : "/" + reason), 1L, Long::sum);
            }
        }
        Set<String> ours = made.keySet();
        long listedNotAcknowledged = listed.keySet().stream().filter(id -> !ours.contains(id)).count();
        Map<String, Long> paths = new TreeMap<>();
        made.values().forEach(m -> paths.merge(m.path.name().toLowerCase(), 1L, Long::sum));

        Map<String, FlakyReceiver.Seen> deliveries = receiver.deliveries();
        long receivedMoreThanOnce = deliveries.values().stream().filter(s -> s.received.get() > 1).count();
        long extraReceipts = deliveries.values().stream().mapToLong(s -> Math.max(0, s.received.get() - 1)).sum();
        long twiceAfter200 = deliveries.values().stream().filter(s -> s.answered200.get() > 1).count();
        long never200 = deliveries.values().stream().filter(s -> s.answered200.get() == 0).count();
        Set<String> linksWithDeliveries = new HashSet<>();
        deliveries.values().forEach(s -> linksWithDeliveries.add(s.linkId));
        long foreign = linksWithDeliveries.stream().filter(id -> !ours.contains(id) && !listed.containsKey(id)).count();

        System.out.println();
        System.out.println("| check | result |");
        System.out.println("|---|---|");
        row("links answered 201", made.size() + " (" + paths + ")");
        row("links listed (GET /v1/links, paged)", listed.size() + " (" + listedNotAcknowledged + " created without a 201 reaching the bench)");
        row("final status of the 201 links", byStatus.toString());
        row("failed links by code/reason", failedReasons.toString());
        row("real sessions, as the device saw them", devices.toString());
        row("sessions whose socket died with a kill → their link", interrupted.toString());
        row("201 links not readable (GET ≠ 200)", count(unreadable));
        row("201 links missing from the list", count(unlisted));
        row("links left active", count(stuck));
        row("ended links without a 200 webhook for their status", count(undelivered));
        row("webhook attempts received / answered 500", receiver.attempts() + " / " + receiver.answered500());
        row("distinct deliveries (X-Passage-Delivery-Id)", deliveries.size() + " for " + linksWithDeliveries.size() + " links");
        row("deliveries received more than once", receivedMoreThanOnce + " (" + extraReceipts + " extra receipts)");
        row("deliveries answered 200 more than once (true duplicates)", Long.toString(twiceAfter200));
        row("deliveries never answered 200", Long.toString(never200));
        row("malformed attempts / deliveries for unknown links", receiver.malformed() + " / " + foreign);
        row("requests that failed (server down, killed mid-request…)", errors.toString());
        row("settle after the last restart", String.format("%.1f s", settled));
        for (Restart r : restarts) {
            row("kill -9 (" + r.why() + ") at " + String.format("%.1f s", r.killedAtSecond()),
                    String.format("exit %.3f s, start → healthy %.2f s, down %.2f s", r.exitSeconds(), r.toHealthySeconds(), r.downSeconds()));
        }
        System.out.println();
        errorSamples.stream().limit(5).forEach(s -> System.out.println("soak: sample failed request: " + s));

        failures += report("201 links not readable", unreadable);
        failures += report("201 links missing from the list", unlisted);
        failures += report("links left active", stuck);
        failures += report("ended links without a webhook answered 200", undelivered);
        for (String id : undelivered.stream().limit(3).toList()) {
            System.out.println("soak:   " + id + " deliveries: " + abbreviate(get("/v1/links/" + id.split(" ")[0] + "/webhooks").body()));
        }
        long wrongEnd = interrupted.entrySet().stream().filter(e -> !e.getKey().equals("failed/server_restarted")
                && !e.getKey().equals("complete")).mapToLong(Map.Entry::getValue).sum();
        if (wrongEnd > 0) {
            System.out.println("soak: FAIL " + wrongEnd + " session(s) that died with a kill did not end failed/server_restarted "
                    + "(nor complete): " + interrupted);
            failures++;
        }
        System.out.println(failures == 0 ? "soak: OK, every check passed" : "soak: FAILED " + failures + " check(s)");
        return failures;
    }

    private static int report(String what, List<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        System.out.println("soak: FAIL " + ids.size() + " " + what + ", e.g. " + ids.stream().limit(10).toList());
        return 1;
    }

    private static String count(List<String> ids) {
        return ids.size() + (ids.isEmpty() ? "" : " e.g. " + ids.stream().limit(3).toList());
    }

    private static void row(String check, String result) {
        System.out.println("| " + check + " | " + result + " |");
    }

    /** Every link of the organization, paging GET /v1/links (newest first) by its cursor. */
    private Map<String, JsonNode> listAll() throws IOException, InterruptedException {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        String cursor = null;
        for (int page = 0; page < 100_000; page++) {
            HttpResponse<String> r = get("/v1/links?limit=200" + (cursor == null ? "" : "&cursor="
                    + java.net.URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            if (r.statusCode() != 200) {
                throw new IOException("GET /v1/links answered " + r.statusCode() + ": " + abbreviate(r.body()));
            }
            JsonNode body = Json.mapper().readTree(r.body());
            body.path("links").forEach(l -> all.put(l.path("id").asString(), l));
            if (!body.path("nextCursor").isString()) {
                break;
            }
            cursor = body.path("nextCursor").asString();
        }
        return all;
    }

    private void printLogs() throws IOException {
        long errorsLogged = 0;
        List<String> samples = new ArrayList<>();
        for (Path log : server.logs()) {
            try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.contains(" ERROR ") || line.contains("stopped without closing") || line.contains("without a live session")) {
                        if (line.contains(" ERROR ")) {
                            errorsLogged++;
                        }
                        if (samples.size() < 12) {
                            samples.add(log.getFileName() + ": " + abbreviate(line));
                        }
                    }
                }
            }
        }
        System.out.println("soak: server logs: " + server.logs().size() + " starts, " + errorsLogged + " ERROR line(s)");
        samples.forEach(s -> System.out.println("soak:   " + s));
    }

    // ---- HTTP -------------------------------------------------------------------------------------

    private HttpResponse<String> post(String path, String bearer, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(15))
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private void error(String kind, String detail) {
        errors.computeIfAbsent(kind, x -> new AtomicLong()).incrementAndGet();
        if (errorSamples.size() < 20) {
            errorSamples.add(kind + ": " + abbreviate(detail));
        }
    }

    static String abbreviate(String s) {
        String one = s == null ? "" : s.replaceAll("\\s+", " ");
        return one.length() <= 300 ? one : one.substring(0, 300) + "…";
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Best effort: a temp directory left behind is harmless.
        }
    }
}
