package dev.passage.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built server ({@code server/target/passage-server.jar serve}) as an OS process of its own, on one
 * data directory and one port (picked free by the OS once, kept across restarts so clients and
 * webhooks keep their addresses). Configuration goes in {@code PASSAGE_*} environment variables;
 * each start logs to {@code server-<n>.log} beside the data directory. {@link #kill()} is
 * {@code kill -9}: no shutdown hook runs, the database sees a crash.
 */
final class ServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);

    private final Path javaBin;
    private final Path jar;
    private final Path runDir;
    private final int port;
    private final Map<String, String> env;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Path> logs = new ArrayList<>();
    private Process process;

    /** Times of one start: spawn to first healthy answer. */
    record Started(int number, long pid, double secondsToHealthy) {}

    ServerProcess(Path java, Path jar, Path runDir, Map<String, String> config) throws IOException {
        this.javaBin = java;
        this.jar = jar;
        this.runDir = runDir;
        this.port = freePort();
        Map<String, String> e = new LinkedHashMap<>();
        e.put("PASSAGE_PORT", Integer.toString(port));
        e.put("PASSAGE_HOST", "127.0.0.1");
        e.put("PASSAGE_PUBLIC_URL", baseUrl());
        e.put("PASSAGE_DATA_DIR", runDir.resolve("data").toString());
        config.forEach((key, value) -> e.put(envName(key), value));
        this.env = Map.copyOf(e);
    }

    /** The environment variable of a configuration key (passage-defaults.properties). */
    static String envName(String key) {
        return "PASSAGE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    Path dataDir() {
        return runDir.resolve("data");
    }

    List<Path> logs() {
        return List.copyOf(logs);
    }

    /** Runs one administrative command ({@code org create …}) on the data directory; its last output line. */
    String admin(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(javaBin.toString(), "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("passage " + String.join(" ", args) + " failed: " + out);
        }
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    /** Spawns the server and waits until {@code /healthz} answers 200. */
    Started start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        int number = logs.size() + 1;
        Path log = runDir.resolve("server-" + number + ".log");
        logs.add(log);
        List<String> cmd = List.of(javaBin.toString(), "-XX:+UseSerialGC", "-Xmx1g", "-jar", jar.toString(), "serve");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        process = pb.start();
        long deadline = t0 + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the server exited with " + process.exitValue() + " while starting; see " + log);
            }
            if (healthy()) {
                return new Started(number, process.pid(), (System.nanoTime() - t0) / 1e9);
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        throw new IOException("the server did not answer /healthz within " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    boolean healthy() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/healthz")).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code kill -9}; returns once the process is gone. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no clean close.
            process.waitFor();
        }
    }

    /** Stops it the way an operator does (SIGTERM, shutdown hook), killing it after 30 s. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
