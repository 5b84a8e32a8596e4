package dev.passage.device;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Watches a page and records what a yield condition is judged on: main-frame navigations, network
 * responses (url, method, status, resource type) and console lines. Request bodies are never
 * recorded: they are where passwords travel. Response bodies are not read here: asking Playwright for
 * a body from inside its event callback can wait forever once the page navigates on; the injected
 * telemetry script reports fetch/XHR response bodies from inside the page instead.
 */
public final class Telemetry {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Clock clock;
    private final List<ObjectNode> pending = new ArrayList<>();

    public Telemetry(Page page, Clock clock) {
        this.clock = clock;
        page.onFrameNavigated(frame -> {
            if (frame.parentFrame() == null) {
                ObjectNode e = event("navigation");
                e.put("url", frame.url());
                add(e);
            }
        });
        page.onResponse(this::response);
        page.onConsoleMessage(message -> {
            ObjectNode e = event("console");
            e.put("level", message.type());
            e.put("text", message.text());
            add(e);
        });
    }

    private void response(Response response) {
        ObjectNode e = event("network");
        e.put("url", response.url());
        e.put("method", response.request().method());
        e.put("status", response.status());
        e.put("resourceType", response.request().resourceType());
        add(e);
    }

    private ObjectNode event(String type) {
        ObjectNode e = NODES.objectNode();
        e.put("type", type);
        e.put("ts", clock.millis());
        return e;
    }

    private synchronized void add(ObjectNode e) {
        pending.add(e);
    }

    /** The events recorded since the last drain, oldest first. */
    public synchronized List<ObjectNode> drain() {
        List<ObjectNode> out = List.copyOf(pending);
        pending.clear();
        return out;
    }
}
