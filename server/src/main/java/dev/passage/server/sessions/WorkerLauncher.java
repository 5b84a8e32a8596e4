package dev.passage.server.sessions;

import org.slf4j.LoggerFactory;

/**
 * Starts the worker of a freshly claimed session. Called after the claim has committed; when it
 * throws, the claim answers 502, the session fails and the link goes back to its previous status.
 * The hosted automation runner plugs in here; tests plug in a scripted worker.
 */
@FunctionalInterface
public interface WorkerLauncher {
    void launch(SessionTicket ticket);

    /**
     * Whether the worker runs inside this node's process (the hosted worker), so its sessions cannot
     * outlive the node: they fail when it stops, or at once when it restarts after a crash.
     */
    default boolean inProcess() {
        return false;
    }

    /** Launches nothing: until the hosted worker exists, a worker connects on its own with the ticket's token. */
    WorkerLauncher NONE = ticket -> LoggerFactory.getLogger(WorkerLauncher.class)
            .debug("No worker launcher configured for {}", ticket);
}
