package dev.passage.device;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import dev.passage.protocol.TelemetryEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Watches a page and records what a yield condition is judged on: main-frame navigations, network
 * responses (url, method, status, resource type) and console lines. Request bodies are never
 * recorded: they are where passwords travel. Response bodies are not read here: asking Playwright for
 * a body from inside its event callback can wait forever once the page navigates on; the injected
 * telemetry script reports fetch/XHR response bodies from inside the page instead.
 */
public final class Telemetry {
    private final Clock clock;
    private final List<ObjectNode> pending = new ArrayList<>();

    public Telemetry(Page page, Clock clock) {
        this.clock = clock;
        page.onFrameNavigated(frame -> {
            if (frame.parentFrame() == null) {
                add(new TelemetryEvent.Navigation(frame.url(), clock.millis()));
            }
        });
        page.onResponse(this::response);
        page.onConsoleMessage(message -> add(new TelemetryEvent.Console(message.type(), message.text(), clock.millis())));
    }

    private void response(Response response) {
        add(new TelemetryEvent.Network(response.url(), response.request().method(), response.status(),
                response.request().resourceType(), null, clock.millis()));
    }

    private synchronized void add(TelemetryEvent e) {
        pending.add(e.toJson());
    }

    /** The events recorded since the last drain, oldest first. */
    public synchronized List<ObjectNode> drain() {
        List<ObjectNode> out = List.copyOf(pending);
        pending.clear();
        return out;
    }
}
