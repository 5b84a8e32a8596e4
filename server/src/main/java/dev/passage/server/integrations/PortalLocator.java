package dev.passage.server.integrations;

import java.net.URI;
import java.util.Optional;

/**
 * Where the sandbox portal of an integration runs, when something on this node started the portals
 * (the {@code passage} executable does in sandbox mode). The server never starts them itself.
 */
@FunctionalInterface
public interface PortalLocator {
    /** The base URL of the portal named {@code sandboxId}, or empty when none runs. */
    Optional<URI> portal(String sandboxId);

    /** No portals. */
    PortalLocator NONE = id -> Optional.empty();
}
