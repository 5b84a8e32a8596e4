package dev.passage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.cli.PassageCli;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The passage executable is the server's commands, plus the sandbox portals in sandbox mode and the device command. */
class LauncherTest {
    @TempDir
    Path dir;

    @Test
    void serve_in_sandbox_mode_starts_the_sandbox_portals_beside_the_server_and_stops_them_on_sigterm() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = dir.resolve("serve.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Launcher.class.getName(), "serve", "--port", Integer.toString(port),
                "--database-url", "jdbc:sqlite:" + dir.resolve("passage.db"), "--data-dir", dir.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PASSAGE_SANDBOX_BASE_PORT", "0");
        Process process = builder.start();
        try {
            Pattern tmobile = Pattern.compile("tmobile=(http://127\\.0\\.0\\.1:\\d+)");
            String portal = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (portal == null && System.nanoTime() < deadline && process.isAlive()) {
                Matcher m = tmobile.matcher(Files.readString(log));
                if (m.find() && Files.readString(log).contains("Passage listening on")) {
                    portal = m.group(1);
                } else {
                    Thread.sleep(200);
                }
            }
            assertThat(portal).as(Files.readString(log)).isNotNull();
            HttpResponse<String> signin = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(portal + "/signin"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(signin.statusCode()).isEqualTo(200);
        } finally {
            process.destroy(); // SIGTERM
        }
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(log)).contains("Shutting down").doesNotContain("Exception");
    }

    @Test
    void a_busy_port_stops_serve_with_one_sentence_naming_the_flag_to_change() throws Exception {
        try (var busy = new java.net.ServerSocket(0)) {
            for (String flag : new String[] {"--sandbox-port", "--port"}) {
                Path log = dir.resolve("busy" + flag + ".log");
                Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), Launcher.class.getName(), "serve",
                        flag, Integer.toString(busy.getLocalPort()),
                        "--database-url", "jdbc:sqlite:" + dir.resolve("busy.db"), "--data-dir", dir.resolve("data").toString())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(flag).isTrue();
                assertThat(process.exitValue()).isEqualTo(78);
                assertThat(Files.readString(log)).contains(flag).doesNotContain("Exception");
            }
        }
    }

    @Test
    void the_device_and_extension_commands_are_part_of_the_executable_and_not_of_the_server_alone() {
        assertThat(PassageCli.commandLine(new Launcher()).getSubcommands()).containsKeys("serve", "org", "key", "device", "extension");
        assertThat(PassageCli.commandLine().getSubcommands()).containsKeys("serve", "org", "key")
                .doesNotContainKeys("device", "extension");
    }
}
