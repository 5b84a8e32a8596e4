package dev.passage.server.sessions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The scripts a client injects at document start, delivered in {@code server.hello} so telemetry can
 * change without a new client release. Each reports through {@code window.__passage.emit(event)},
 * which the device runtime provides, in the shapes of {@link Telemetry}.
 */
final class InjectionScripts {
    private static final List<String> ALWAYS = List.of("telemetry", "console");
    private static final List<String> DEBUG = List.of("interaction");

    private final ArrayNode normal;
    private final ArrayNode debug;

    InjectionScripts() {
        this.normal = load(ALWAYS);
        this.debug = load(java.util.stream.Stream.concat(ALWAYS.stream(), DEBUG.stream()).toList());
    }

    /** {@code [{name, source}]} for a session, with the interaction recorder when it is a debug session. */
    ArrayNode forSession(boolean debugSession) {
        return (debugSession ? debug : normal).deepCopy();
    }

    private static ArrayNode load(List<String> names) {
        ArrayNode scripts = JsonNodeFactory.instance.arrayNode();
        for (String name : names) {
            String path = "/sessions/scripts/" + name + ".js";
            try (InputStream in = InjectionScripts.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("The injection script " + path + " is missing from the build");
                }
                scripts.addObject().put("name", name).put("source", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return scripts;
    }
}
