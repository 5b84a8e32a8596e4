package dev.passage.server.automation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.device.DeviceRuntime;
import dev.passage.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** End-to-end helpers: a hosted sandbox server, links over the API, and the device runtime in headless Chromium. */
final class E2e {
    final TestServer server;
    final String key;

    E2e(Map<String, String> overrides) {
        this.server = TestServer.startHosted("sqlite", overrides);
        this.key = server.newOrgKey();
    }

    /** Creates a link over the API; returns the create response. */
    JsonNode createLink(String body) {
        TestServer.Response r = server.postJson("/v1/links", key, body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    /** Runs the device runtime on the link's app-clip URL with a sandbox user, to the session's end. */
    DeviceRuntime.Outcome device(JsonNode created, String sandboxUser) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DeviceRuntime runtime = new DeviceRuntime(new DeviceRuntime.Options(
                "http://127.0.0.1:" + server.passage.port() + "/clip?code=" + created.get("claimCode").asString(),
                URI.create("http://127.0.0.1:" + server.passage.port()), true, Optional.of(sandboxUser), Optional.empty(),
                Duration.ofSeconds(90)), new PrintStream(out, true, StandardCharsets.UTF_8));
        DeviceRuntime.Outcome outcome = runtime.run();
        System.out.println(out.toString(StandardCharsets.UTF_8));
        return outcome;
    }

    /** The link as the API reads it, once it has left {@code active} (the worker's end reaches the link right after). */
    JsonNode settledLink(String linkId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode link;
        do {
            link = server.get("/v1/links/" + linkId, key).json();
            if (!link.path("status").asString().equals("active")) {
                return link;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        } while (System.nanoTime() < deadline);
        return link;
    }

    void close() {
        server.close();
    }
}
