package dev.passage.server.sessions;

import dev.passage.protocol.ServerMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

/**
 * The scripts a client injects at document start, delivered in {@code server.hello} so telemetry can
 * change without a new client release. Each reports through {@code window.__passage.emit(event)},
 * which the device runtime provides, in the shapes of {@link dev.passage.protocol.TelemetryEvent}.
 */
final class InjectionScripts {
    private static final List<String> ALWAYS = List.of("telemetry", "console");
    private static final List<String> DEBUG = List.of("interaction");

    private final List<ServerMessage.Hello.Script> normal;
    private final List<ServerMessage.Hello.Script> debug;

    InjectionScripts() {
        this.normal = load(ALWAYS);
        this.debug = load(Stream.concat(ALWAYS.stream(), DEBUG.stream()).toList());
    }

    /** The scripts for a session, with the interaction recorder when it is a debug session. */
    List<ServerMessage.Hello.Script> forSession(boolean debugSession) {
        return debugSession ? debug : normal;
    }

    private static List<ServerMessage.Hello.Script> load(List<String> names) {
        return names.stream().map(name -> {
            String path = "/sessions/scripts/" + name + ".js";
            try (InputStream in = InjectionScripts.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("The injection script " + path + " is missing from the build");
                }
                return new ServerMessage.Hello.Script(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }
}
