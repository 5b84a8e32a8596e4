package dev.passage.launcher.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.passage.launcher.Launcher;
import dev.passage.launcher.testing.ScriptedWorker;
import dev.passage.launcher.testing.TestSite;
import dev.passage.server.cli.PassageCli;
import dev.passage.server.json.Json;
import dev.passage.server.testing.Flows;
import dev.passage.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code passage extension pack}: a zip for a browser's extension store, versioned as the build, for
 * the servers it is given, without tests or dotfiles; unpacked, Chromium runs it and it claims a link.
 */
class ExtensionPackTest {
    /** The build's version as Maven has it, e.g. 0.1.0-SNAPSHOT (set by the launcher's pom). */
    static final String VERSION = System.getProperty("passage.version");
    static TestSite site;
    static TestServer server;
    static Flows flows;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        assertThat(VERSION).isNotBlank();
        site = TestSite.start(path -> path.equals("/account") ? TestSite.page("Account", "<span id='card'>4242</span>")
                : TestSite.page("Nothing", "nothing"));
        server = TestServer.start("sqlite", Map.of("automation.live-base-urls", "tmobile=" + site.url));
        flows = new Flows(server);
    }

    @AfterAll
    static void stop() {
        server.close();
        site.close();
    }

    record Run(int exit, String out, String err) {}

    static Run passage(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = PassageCli.commandLine(new Launcher());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The zip's entries, unpacked into {@code into}; their names in order. */
    static List<String> unzip(Path zip, Path into) {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
                names.add(e.getName());
                Path target = into.resolve(e.getName()).normalize();
                assertThat(target.startsWith(into)).as(e.getName()).isTrue();
                Files.createDirectories(target.getParent());
                Files.copy(entries, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** A copy of extension/ with what a working tree gathers besides: tests, notes, dotfiles. */
    Path workingCopy() throws IOException {
        Path copy = dir.resolve("extension");
        try (Stream<Path> files = Files.walk(ExtensionBrowser.EXTENSION)) {
            for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = copy.resolve(ExtensionBrowser.EXTENSION.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        Files.createDirectories(copy.resolve("tests"));
        Files.writeString(copy.resolve("tests/session.test.js"), "test");
        Files.writeString(copy.resolve("lib/origins.test.js"), "test");
        Files.writeString(copy.resolve("lib/session.js.map"), "{}");
        Files.writeString(copy.resolve("README.md"), "notes");
        Files.writeString(copy.resolve(".DS_Store"), "junk");
        Files.createDirectories(copy.resolve(".vscode"));
        Files.writeString(copy.resolve(".vscode/settings.json"), "{}");
        return copy;
    }

    @Test
    void pack_writes_a_store_zip_versioned_as_the_build_for_the_given_server_that_chromium_runs_for_a_claim() throws Exception {
        String passageServer = "http://localhost:" + server.passage.port();
        Path zip = dir.resolve("out/passage.zip");
        Run run = passage("extension", "pack", "--from", workingCopy().toString(), "--server", passageServer, "--out", zip.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Wrote " + zip.toAbsolutePath() + ": Passage Connect " + VERSION.replaceFirst("-.*$", "")
                + " (" + VERSION + "), ").contains("for " + passageServer + ".");

        Path unpacked = dir.resolve("unpacked");
        List<String> names = unzip(zip, unpacked);
        assertThat(names).contains("manifest.json", "background.js", "config.js", "lib/session.js", "lib/batches.js",
                "icons/icon128.png", "content/link-page.js");
        assertThat(names).noneMatch(n -> n.startsWith(".") || n.contains("/.") || n.startsWith("tests/")
                || n.endsWith(".test.js") || n.endsWith(".map") || n.endsWith(".md"));
        assertThat(names).isSorted();
        JsonNode manifest = Json.mapper().readTree(Files.readString(unpacked.resolve("manifest.json")));
        assertThat(manifest.path("version").asString()).isEqualTo(VERSION.replaceFirst("-.*$", "")).matches("\\d+(\\.\\d+){0,3}");
        assertThat(manifest.path("version_name").asString()).isEqualTo(VERSION);
        assertThat(manifest.path("host_permissions").toString()).isEqualTo("[\"" + passageServer + "/*\"]");
        assertThat(manifest.path("content_scripts").get(0).path("matches").toString()).isEqualTo("[\"" + passageServer + "/clip*\"]");
        assertThat(Files.readString(unpacked.resolve("config.js"))).contains("defaultServer: \"" + passageServer + "\"")
                .contains("servers: [\"" + passageServer + "\"]").contains("trustLoopbackServers: false");

        // Chromium loads the packed extension and it runs a link from the server it was packed for.
        try (ExtensionBrowser browser = ExtensionBrowser.launch(unpacked)) {
            assertThat(browser.version()).isEqualTo(VERSION.replaceFirst("-.*$", ""));
            Flows.LinkRef link = flows.createLink();
            Page tab = browser.agree(browser.openFromLinkPage(passageServer + "/clip?code=" + link.claimCode()));
            String[] sessionId = new String[1];
            ExtensionBrowser.await("the claim", Duration.ofSeconds(20), () -> {
                sessionId[0] = flows.link(link.linkId()).path("currentSessionId").asString(null);
                return sessionId[0] != null;
            });
            try (ScriptedWorker w = new ScriptedWorker(server, sessionId[0])) {
                w.ok("navigate", "{\"url\":" + ScriptedWorker.q(site.url + "/account") + "}");
                assertThat(w.ok("textContent", "{\"selector\":\"#card\"}").asString()).isEqualTo("4242");
                w.complete();
                ExtensionBrowser.await("the link to complete", Duration.ofSeconds(10),
                        () -> flows.link(link.linkId()).path("status").asString().equals("complete"));
            }
            tab.close();
        }
    }

    @Test
    void a_store_build_is_refused_while_the_configuration_trusts_any_localhost_server() {
        Path zip = dir.resolve("refused.zip");
        Run run = passage("extension", "pack", "--out", zip.toString());
        assertThat(run.exit()).isNotZero();
        assertThat(run.err().strip()).startsWith("passage: ").contains("trustLoopbackServers").contains("--server")
                .contains("--dev").doesNotContain("\n");
        assertThat(zip).doesNotExist();

        for (String bad : List.of("http://connect.example.com", "ftp://connect.example.com", "not a url")) {
            Run refused = passage("extension", "pack", "--server", bad, "--out", zip.toString());
            assertThat(refused.exit()).as(bad).isNotZero();
            assertThat(refused.err()).as(bad).contains("--server " + bad);
        }
        assertThat(zip).doesNotExist();
    }

    @Test
    void a_development_build_packs_the_builds_own_copy_of_every_extension_file() throws IOException {
        Path zip = dir.resolve("dev.zip");
        Run run = passage("extension", "pack", "--dev", "--out", zip.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("localhost included (development)");
        List<String> expected;
        try (Stream<Path> files = Files.walk(ExtensionBrowser.EXTENSION)) {
            expected = files.filter(Files::isRegularFile).map(f -> ExtensionBrowser.EXTENSION.relativize(f).toString()).sorted().toList();
        }
        Path unpacked = dir.resolve("dev");
        assertThat(unzip(zip, unpacked)).containsExactlyElementsOf(expected);
        assertThat(Files.readString(unpacked.resolve("config.js"))).isEqualTo(Files.readString(ExtensionBrowser.EXTENSION.resolve("config.js")));
        assertThat(Json.mapper().readTree(Files.readString(unpacked.resolve("manifest.json"))).path("version_name").asString())
                .isEqualTo(VERSION);
    }
}
