package dev.passage.bench;

import dev.passage.server.Passage;
import dev.passage.server.config.ConfigLoader;
import dev.passage.server.config.PassageConfig;
import dev.passage.server.secrets.Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * Load generator for the links API, in one JVM: a real Passage server on embedded SQLite in a temp
 * directory, {@code connections} concurrent HTTP/1.1 clients doing {@code POST /v1/links} and then
 * {@code GET /v1/links/:id}, and for comparison the raw single-threaded insert rate of the same row
 * through the same SQLite driver with the same pragmas.
 *
 * <p>Every phase is bounded by a request count and by wall time. Settings are {@code --name=value}
 * arguments or {@code -Dbench.name=value} system properties (arguments win); see {@link Settings}.
 * Exits 1 when any request got an unexpected status or failed, 2 on bad arguments.
 */
public final class LinksBench {
    static final String CREATE_BODY =
            "{\"integrationId\":\"tmobile\",\"resource\":\"paymentMethod\",\"action\":\"read\",\"externalUserId\":\"u1\"}";
    /** What the server stores in links.operations for {@link #CREATE_BODY}. */
    static final String OPERATIONS_JSON = "[{\"resource\":\"paymentMethod\",\"action\":\"read\",\"arguments\":null}]";
    private static final Pattern LINK_ID = Pattern.compile("\"linkId\"\\s*:\\s*\"(link_[^\"]+)\"");
    private static final int MAX_ERROR_SAMPLES = 5;

    /** The knobs; every one has a default that finishes in well under a minute per phase. */
    record Settings(int connections, double warmupSeconds, int warmupRequests, double seconds, int requests,
                    double rawSeconds, int rawInserts, boolean requestLog, Optional<Path> dir) {
        static Settings parse(String[] args) {
            Knobs k = Knobs.parse(args,
                    "connections", "64", "concurrent HTTP/1.1 connections",
                    "warmup-seconds", "5", "longest warm-up phase",
                    "warmup-requests", "20000", "most warm-up requests",
                    "seconds", "20", "longest measured phase",
                    "requests", "1000000", "most measured requests",
                    "raw-seconds", "10", "longest raw insert phase",
                    "raw-inserts", "1000000", "most raw inserts",
                    "request-log", "false", "keep the server's request log on",
                    "dir", "", "keep the data here instead of a deleted temp directory");
            return new Settings(
                    positiveInt(k, "connections", 4096),
                    positiveDouble(k, "warmup-seconds", true),
                    positiveInt(k, "warmup-requests", 50_000_000, true),
                    positiveDouble(k, "seconds", false),
                    positiveInt(k, "requests", 50_000_000),
                    positiveDouble(k, "raw-seconds", false),
                    positiveInt(k, "raw-inserts", 50_000_000),
                    Boolean.parseBoolean(k.string("request-log")),
                    Optional.of(k.string("dir")).filter(s -> !s.isBlank()).map(Path::of));
        }

        private static int positiveInt(Knobs k, String key, int max) {
            return positiveInt(k, key, max, false);
        }

        private static int positiveInt(Knobs k, String key, int max, boolean zeroOk) {
            try {
                int n = Integer.parseInt(k.string(key).trim());
                if (n < (zeroOk ? 0 : 1) || n > max) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number from " + (zeroOk ? 0 : 1) + " to " + max
                        + ", not '" + k.string(key) + "'.");
            }
        }

        private static double positiveDouble(Knobs k, String key, boolean zeroOk) {
            try {
                double d = Double.parseDouble(k.string(key).trim());
                if (!(d >= 0) || (!zeroOk && d == 0) || d > 3600) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number of seconds from " + (zeroOk ? "0" : "above 0")
                        + " to 3600, not '" + k.string(key) + "'.");
            }
        }
    }

    /** Outcome of one bounded phase. */
    record PhaseResult(String name, long ok, long failed, double seconds, long[] sortedNanos,
                       Map<String, Long> errorCounts, List<String> errorSamples) {
        double throughput() {
            return (ok + failed) / seconds;
        }

        double percentileMillis(double p) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int idx = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
            return sortedNanos[Math.clamp(idx, 0, sortedNanos.length - 1)] / 1e6;
        }

        double maxMillis() {
            return sortedNanos.length == 0 ? Double.NaN : sortedNanos[sortedNanos.length - 1] / 1e6;
        }
    }

    /** One HTTP request of a phase; returns the response when it has the expected status, else throws. */
    @FunctionalInterface
    interface Call {
        HttpResponse<String> send(long index) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Settings s;
        try {
            s = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("bench: " + e.getMessage());
            }
            System.err.println("""
                    Usage: bench/run [--connections=64] [--warmup-seconds=5] [--warmup-requests=20000]
                                     [--seconds=20] [--requests=1000000] [--raw-seconds=10] [--raw-inserts=1000000]
                                     [--request-log=false] [--dir=PATH]
                    (or -Dbench.NAME=VALUE). Each measured phase stops at whichever bound it reaches first.""");
            System.exit(2);
            return;
        }
        quietLogs(s.requestLog());
        Path dir = s.dir().isPresent() ? Files.createDirectories(s.dir().get()) : Files.createTempDirectory("passage-bench-");
        boolean ownDir = s.dir().isEmpty();
        int exit;
        try {
            exit = run(s, dir);
        } finally {
            if (ownDir) {
                deleteTree(dir);
            }
        }
        System.exit(exit);
    }

    static int run(Settings s, Path dir) throws Exception {
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "Passage links bench: JDK %s (%s), %d CPUs, max heap %d MiB, %s %s%n",
                Runtime.version(), System.getProperty("java.vm.name"), rt.availableProcessors(), rt.maxMemory() >> 20,
                System.getProperty("os.name"), System.getProperty("os.arch"));
        System.out.printf(Locale.ROOT, "data in %s; %d connections; warm-up <= %d requests / %.0f s; "
                        + "measured <= %d requests / %.0f s; raw <= %d inserts / %.0f s; request log %s%n%n",
                dir, s.connections(), s.warmupRequests(), s.warmupSeconds(), s.requests(), s.seconds(), s.rawInserts(),
                s.rawSeconds(), s.requestLog() ? "on" : "off");

        List<PhaseResult> results = new ArrayList<>();
        PhaseResult post;
        PhaseResult get;
        long apiRows;
        Path apiDb = dir.resolve("bench.db");
        try (Passage passage = Passage.open(config(dir, apiDb), Clock.systemUTC()).start()) {
            String orgId = passage.orgs().createOrganization("bench").id();
            String key = passage.orgs().createKey(orgId).secret();
            URI base = URI.create("http://127.0.0.1:" + passage.port());
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            HttpRequest create = HttpRequest.newBuilder(base.resolve("/v1/links"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(CREATE_BODY))
                    .build();

            // Ids of every link created, for the GET phase; written by index, so no locking.
            int idCapacity = s.warmupRequests() + s.requests();
            AtomicReferenceArray<String> ids = new AtomicReferenceArray<>(idCapacity);
            AtomicInteger idCount = new AtomicInteger();
            Call createCall = i -> {
                HttpResponse<String> r = client.send(create, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 201) {
                    throw new UnexpectedStatus(r);
                }
                Matcher m = LINK_ID.matcher(r.body());
                if (!m.find()) {
                    throw new IllegalStateException("201 without a linkId: " + abbreviate(r.body()));
                }
                int slot = idCount.getAndIncrement();
                if (slot < idCapacity) {
                    ids.set(slot, m.group(1));
                }
                return r;
            };

            System.out.println("POST /v1/links: warming up…");
            PhaseResult warm = phase("POST warm-up", s.connections(), s.warmupRequests(), s.warmupSeconds(), createCall);
            printPhaseLine(warm);
            System.out.println("POST /v1/links: measuring…");
            post = phase("POST /v1/links", s.connections(), s.requests(), s.seconds(), createCall);
            printPhaseLine(post);
            results.add(warm);
            results.add(post);

            int created = Math.min(idCount.get(), idCapacity);
            if (created == 0) {
                throw new IllegalStateException("No link was created; the GET phase has nothing to read.");
            }
            String[] known = new String[created];
            for (int i = 0; i < created; i++) {
                known[i] = ids.get(i);
            }
            Call readCall = i -> {
                HttpRequest read = HttpRequest.newBuilder(base.resolve("/v1/links/" + known[(int) (i % known.length)]))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + key)
                        .GET()
                        .build();
                HttpResponse<String> r = client.send(read, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new UnexpectedStatus(r);
                }
                return r;
            };
            System.out.printf(Locale.ROOT, "GET /v1/links/:id over the %d links created: warming up…%n", created);
            PhaseResult getWarm = phase("GET warm-up", s.connections(), s.warmupRequests(), s.warmupSeconds(), readCall);
            printPhaseLine(getWarm);
            System.out.println("GET /v1/links/:id: measuring…");
            get = phase("GET /v1/links/:id", s.connections(), s.requests(), s.seconds(), readCall);
            printPhaseLine(get);
            results.add(getWarm);
            results.add(get);
            apiRows = passage.database().read(h -> h.createQuery("SELECT count(*) FROM links").mapTo(Long.class).one());
            client.close();
        }

        System.out.println("Raw JDBC insert, one row per transaction: migrating a second database…");
        Path rawDb = dir.resolve("raw.db");
        Passage.open(config(dir, rawDb), Clock.systemUTC()).close();
        rawInserts(rawDb, Math.min(s.rawInserts(), 2_000), Math.min(s.rawSeconds(), 1.0), true); // warm-up
        RawResult raw = rawInserts(rawDb, s.rawInserts(), s.rawSeconds(), false);
        System.out.printf(Locale.ROOT, "  %,d inserts in %.2f s; per second: %s%n%n", raw.inserts(), raw.seconds(),
                raw.perSecond());

        printSummary(results, post, get, raw, apiRows);
        long errors = results.stream().mapToLong(PhaseResult::failed).sum();
        if (errors > 0) {
            System.out.printf(Locale.ROOT, "%nFAILED: %,d requests did not get the expected status (see above).%n", errors);
            return 1;
        }
        return 0;
    }

    private static PassageConfig config(Path dir, Path db) {
        return ConfigLoader.load(Map.of(), Optional.empty(), Map.of(
                "port", "0",
                "host", "127.0.0.1",
                "database.url", "jdbc:sqlite:" + db,
                "data.dir", dir.toString(),
                "log.level", "WARN",
                // The load generator is one client with one key: the per-key limit is not what is measured.
                "api.rate-limit-per-minute", "10000000"));
    }

    /** Passage's own loggers to WARN (the CLI does this from log.level; Passage.open does not), and the request log. */
    private static void quietLogs(boolean requestLog) {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.passage"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("passage.http"))
                .setLevel(requestLog ? ch.qos.logback.classic.Level.INFO : ch.qos.logback.classic.Level.WARN);
    }

    /**
     * Runs {@code call} from {@code workers} virtual threads, each sending its requests one after the other,
     * until {@code maxRequests} have been sent or {@code maxSeconds} have passed (requests in flight then finish).
     */
    static PhaseResult phase(String name, int workers, int maxRequests, double maxSeconds, Call call)
            throws InterruptedException {
        long[] latencies = new long[maxRequests];
        AtomicLong next = new AtomicLong();
        LongAdder failed = new LongAdder();
        Map<String, Long> errorCounts = new ConcurrentHashMap<>();
        List<String> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        long deadline = start + (long) (maxSeconds * 1e9);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < workers; w++) {
                pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        long i = next.getAndIncrement();
                        if (i >= maxRequests) {
                            return;
                        }
                        long t0 = System.nanoTime();
                        try {
                            call.send(i);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        } catch (Exception e) {
                            failed.increment();
                            String kind = e instanceof UnexpectedStatus u ? "HTTP " + u.status : e.getClass().getName();
                            errorCounts.merge(kind, 1L, Long::sum);
                            if (samples.size() < MAX_ERROR_SAMPLES) {
                                samples.add(kind + ": " + abbreviate(String.valueOf(e.getMessage())));
                            }
                        }
                        latencies[(int) i] = System.nanoTime() - t0;
                    }
                });
            }
            pool.shutdown();
            // Every request has a 30 s timeout, so the workers end at most that long after the deadline.
            if (!pool.awaitTermination((long) (maxSeconds * 1000) + 60_000, TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
                throw new IllegalStateException(name + ": workers still running a minute after the deadline.");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int sent = (int) Math.min(next.get(), maxRequests);
        long[] sorted = Arrays.copyOf(latencies, sent);
        Arrays.sort(sorted);
        return new PhaseResult(name, sent - failed.sum(), failed.sum(), seconds, sorted, Map.copyOf(errorCounts),
                List.copyOf(samples));
    }

    /** {@code perSecond}: inserts completed in each successive second of the run (the last one may be partial). */
    record RawResult(long inserts, double seconds, Map<String, String> pragmas, List<Long> perSecond) {
        double rate() {
            return inserts / seconds;
        }
    }

    /**
     * Inserts the row POST /v1/links writes, one INSERT per autocommit transaction, single-threaded, through
     * sqlite-jdbc with the pragmas the server's pool sets (store.Database), into an already migrated file.
     */
    static RawResult rawInserts(Path db, int maxInserts, double maxSeconds, boolean warmup) throws SQLException {
        Properties props = new Properties();
        props.setProperty("journal_mode", "WAL");
        props.setProperty("synchronous", "NORMAL");
        props.setProperty("foreign_keys", "true");
        props.setProperty("busy_timeout", "10000");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db, props)) {
            Map<String, String> pragmas = new LinkedHashMap<>();
            try (Statement st = c.createStatement()) {
                for (String p : List.of("journal_mode", "synchronous", "foreign_keys", "busy_timeout")) {
                    try (ResultSet rs = st.executeQuery("PRAGMA " + p)) {
                        rs.next();
                        pragmas.put(p, rs.getString(1));
                    }
                }
            }
            String orgId = "org_" + UUID.randomUUID();
            try (PreparedStatement org = c.prepareStatement("INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)")) {
                org.setString(1, orgId);
                org.setString(2, warmup ? "raw-warmup" : "raw");
                org.setLong(3, System.currentTimeMillis());
                org.executeUpdate();
            }
            c.setAutoCommit(true);
            long inserted = 0;
            long start = System.nanoTime();
            long deadline = start + (long) (maxSeconds * 1e9);
            List<Long> perSecond = new ArrayList<>();
            long nextTick = start + 1_000_000_000L;
            long atTick = 0;
            try (PreparedStatement ins = c.prepareStatement("""
                    INSERT INTO links (id, org_id, integration_id, operations, sealed_arguments, external_user_id,
                        webhook_url, debug, status, current_session_id, result, error_code, error_message,
                        claim_code_hash, expires_at, created_at, updated_at)
                    VALUES (?, ?, ?, ?, NULL, ?, NULL, ?, 'pending', NULL, NULL, NULL, NULL, ?, ?, ?, ?)""")) {
                while (inserted < maxInserts && System.nanoTime() < deadline) {
                    long now = System.currentTimeMillis();
                    ins.setString(1, Tokens.id("link_"));
                    ins.setString(2, orgId);
                    ins.setString(3, "tmobile");
                    ins.setString(4, OPERATIONS_JSON);
                    ins.setString(5, "u1");
                    ins.setBoolean(6, false);
                    ins.setString(7, Tokens.hash(Tokens.id("clm_")));
                    ins.setLong(8, now + 14_400_000L);
                    ins.setLong(9, now);
                    ins.setLong(10, now);
                    ins.executeUpdate();
                    inserted++;
                    if (System.nanoTime() >= nextTick) {
                        perSecond.add(inserted - atTick);
                        atTick = inserted;
                        nextTick += 1_000_000_000L;
                    }
                }
            }
            if (inserted > atTick) {
                perSecond.add(inserted - atTick);
            }
            return new RawResult(inserted, (System.nanoTime() - start) / 1e9, pragmas, List.copyOf(perSecond));
        }
    }

    private static void printPhaseLine(PhaseResult r) {
        System.out.printf(Locale.ROOT, "  %-18s %,9d ok %,6d failed in %6.2f s  %,9.0f req/s  p50 %.2f ms  p99 %.2f ms%n",
                r.name(), r.ok(), r.failed(), r.seconds(), r.throughput(), r.percentileMillis(50), r.percentileMillis(99));
        r.errorCounts().entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> System.out.printf(Locale.ROOT, "    errors: %,d x %s%n", e.getValue(), e.getKey()));
        r.errorSamples().forEach(e -> System.out.println("    e.g. " + e));
    }

    private static void printSummary(List<PhaseResult> results, PhaseResult post, PhaseResult get, RawResult raw,
                                     long apiRows) {
        System.out.println("Summary (measured phases; latency is per request as the client sees it)");
        System.out.println("| phase               | requests | errors |  seconds |    req/s | p50 ms | p90 ms | p99 ms | max ms |");
        System.out.println("|---------------------|---------:|-------:|---------:|---------:|-------:|-------:|-------:|-------:|");
        for (PhaseResult r : List.of(post, get)) {
            System.out.printf(Locale.ROOT, "| %-19s | %8d | %6d | %8.2f | %8.0f | %6.2f | %6.2f | %6.2f | %6.1f |%n",
                    r.name(), r.ok() + r.failed(), r.failed(), r.seconds(), r.throughput(), r.percentileMillis(50),
                    r.percentileMillis(90), r.percentileMillis(99), r.maxMillis());
        }
        System.out.printf(Locale.ROOT, "| %-19s | %8d | %6d | %8.2f | %8.0f |      - |      - |      - |      - |%n",
                "raw INSERT (1 thr)", raw.inserts(), 0, raw.seconds(), raw.rate());
        System.out.println();
        System.out.println("raw insert pragmas: " + raw.pragmas());
        System.out.printf(Locale.ROOT, "links rows in the API database: %,d%n", apiRows);
        System.out.printf(Locale.ROOT, "ratio API create throughput / raw insert rate: %.3f (%.0f / %.0f)%n",
                post.throughput() / raw.rate(), post.throughput(), raw.rate());
        long warmErrors = results.stream().filter(r -> r != post && r != get).mapToLong(PhaseResult::failed).sum();
        if (warmErrors > 0) {
            System.out.printf(Locale.ROOT, "warm-up errors: %,d%n", warmErrors);
        }
    }

    static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= 300 ? one : one.substring(0, 300) + "…";
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Best effort: a temp directory left behind is harmless.
                }
            });
        } catch (IOException ignored) {
            // Same.
        }
    }

    /** A response with another status than the phase expects. */
    static final class UnexpectedStatus extends Exception {
        final int status;

        UnexpectedStatus(HttpResponse<String> r) {
            super("HTTP " + r.statusCode() + " " + abbreviate(r.body()));
            this.status = r.statusCode();
        }
    }
}
