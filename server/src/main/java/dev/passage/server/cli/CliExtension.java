package dev.passage.server.cli;

import dev.passage.server.config.PassageConfig;
import dev.passage.server.integrations.PortalLocator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the executable around the server adds to it: the sandbox portals for a sandbox-mode
 * {@code serve}, and more commands. The server alone (a production deployment) has neither.
 */
public interface CliExtension {
    /** Sandbox portals started for {@code serve}: where each runs, until closed. */
    interface Portals extends PortalLocator, AutoCloseable {
        /** Every portal's base URL by integration id. */
        Map<String, String> urls();

        @Override
        void close();
    }

    /** Starts the sandbox portals for a sandbox-mode serve, or empty when this build has none. */
    Optional<Portals> startPortals(PassageConfig config);

    /** More picocli subcommands (objects annotated with {@code @Command}). */
    List<Object> commands();

    /** The server alone. */
    CliExtension NONE = new CliExtension() {
        @Override
        public Optional<Portals> startPortals(PassageConfig config) {
            return Optional.empty();
        }

        @Override
        public List<Object> commands() {
            return List.of();
        }
    };
}
