package dev.passage.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passage.device.DeviceRuntime;
import dev.passage.launcher.Launcher;
import dev.passage.sandbox.Sandbox;
import dev.passage.server.integrations.PortalLocator;
import dev.passage.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * End-to-end helpers: a server with the hosted worker and the sandbox portals on free ports (as
 * {@code ./passage serve} runs them), links over the API, and the device runtime in headless Chromium.
 */
final class E2e {
    final TestServer server;
    /** The sandbox portals, or null when the overrides say {@code sandbox.portals=false}. */
    final Sandbox sandbox;
    final String key;

    E2e(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(overrides);
        boolean portals = !"false".equals(settings.remove("sandbox.portals"));
        this.sandbox = portals ? Sandbox.start(0) : null;
        this.server = TestServer.startHosted("sqlite", settings, portals ? Launcher.portals(sandbox) : PortalLocator.NONE);
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

    /** Runs the device runtime on the link with nobody to log in: it waits until the session ends. */
    DeviceRuntime.Outcome deviceAsNobody(JsonNode created) {
        DeviceRuntime runtime = new DeviceRuntime(new DeviceRuntime.Options(created.get("appClipUrl").asString(),
                URI.create("http://127.0.0.1:" + server.passage.port()), true, Optional.empty(), Optional.empty(),
                Duration.ofSeconds(90)), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return runtime.run();
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

    /** The link's debug traces once its session's trace is stored (the worker saves it as it finishes). */
    JsonNode trace(String linkId) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> server.get("/v1/links/" + linkId + "/trace", key).json(), t -> !t.path("sessions").isEmpty());
    }

    void close() {
        server.close();
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
