package dev.passage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.cli.PassageCli;
import dev.passage.server.testing.Flows;
import dev.passage.server.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code passage device} checks what it was given before it claims: a wrong invocation ends with one
 * sentence and a failing status, and the link stays pending, claimable from the right one. The
 * missing display is tried in a JVM of its own, whose environment has none.
 */
class DeviceCommandTest {
    static TestServer server;
    static Flows flows;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = TestServer.start("sqlite");
        flows = new Flows(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Run(int exit, String output) {}

    /** Runs {@code passage device CODE args…} here; its status and what it wrote to standard error. */
    Run device(String code, String... args) {
        List<String> all = new ArrayList<>(List.of("device", code, "--public-url", server.uri("").toString(),
                "--data-dir", dir.resolve("data").toString()));
        all.addAll(List.of(args));
        StringWriter err = new StringWriter();
        var cli = PassageCli.commandLine(new Launcher());
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, err.toString());
    }

    /** Runs {@code passage device CODE args…} in a JVM of its own, without a display; its status and output. */
    Run deviceWithoutDisplay(String code, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Launcher.class.getName(), "device", code,
                "--public-url", server.uri("").toString(), "--data-dir", dir.resolve("data").toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "device", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("DISPLAY");
        builder.environment().remove("WAYLAND_DISPLAY");
        Process process = builder.start();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), Files.readString(log));
    }

    /** The one sentence the command ended with, checked for what every refusal shares. */
    static String refusal(Run run, String code) {
        assertThat(run.exit()).as(run.output()).isNotZero();
        List<String> lines = run.output().lines().filter(l -> l.startsWith("passage: ")).toList();
        assertThat(lines).as(run.output()).hasSize(1);
        assertThat(run.output()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(code);
        return lines.getFirst();
    }

    void assertStillPending(Flows.LinkRef link) {
        var now = flows.link(link.linkId());
        assertThat(now.path("status").asString()).isEqualTo("pending");
        assertThat(now.path("currentSessionId").isNull()).as("nothing was claimed").isTrue();
    }

    @Test
    void an_unknown_sandbox_user_is_refused_before_the_claim() {
        Flows.LinkRef link = flows.createLink();
        String said = refusal(device(link.claimCode(), "--headless", "--sandbox-user", "user_nobody"), link.claimCode());
        assertThat(said).contains("There is no sandbox user 'user_nobody'").contains("user_good");
        assertStillPending(link);
    }

    @Test
    void a_chromium_that_cannot_start_is_refused_before_the_claim() throws Exception {
        Flows.LinkRef link = flows.createLink();
        Path broken = dir.resolve("chromium");
        Files.writeString(broken, "#!/bin/sh\nexit 1\n");
        broken.toFile().setExecutable(true);
        String said = refusal(device(link.claimCode(), "--headless", "--chromium", broken.toString()), link.claimCode());
        assertThat(said).contains("Chromium at " + broken + " could not be started").contains("--chromium");
        String missing = refusal(device(link.claimCode(), "--headless", "--chromium", dir.resolve("none").toString()),
                link.claimCode());
        assertThat(missing).contains("There is no Chromium at " + dir.resolve("none"));
        assertStillPending(link);
    }

    @Test
    void without_a_display_it_says_so_and_suggests_headless_before_the_claim() throws Exception {
        Flows.LinkRef link = flows.createLink();
        String said = refusal(deviceWithoutDisplay(link.claimCode()), link.claimCode());
        assertThat(said).contains("no display").contains("--headless");
        assertStillPending(link);
    }

    @Test
    void an_unknown_code_is_refused_without_echoing_it() {
        String code = "clm_00000000-0000-0000-0000-000000000000";
        String said = refusal(device(code, "--headless"), code);
        assertThat(said).contains("has no link with this code");
    }
}
