package dev.passage.server.automation;

import dev.passage.server.config.PassageConfig;
import dev.passage.server.integrations.Integration;
import dev.passage.server.integrations.IntegrationRegistry;
import dev.passage.server.sessions.SessionTicket;
import dev.passage.server.sessions.WorkerLauncher;
import java.net.URI;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Passage's own worker: on each claim it runs the integration's automation (its data definition) in a
 * thread of its own, connected to the session's websocket as the worker, exactly like an outside
 * worker would be.
 */
public final class HostedWorker implements WorkerLauncher {
    private static final Logger log = LoggerFactory.getLogger(HostedWorker.class);

    /** Opens a link's sealed secret arguments (keyed by operation index); empty when it has none. */
    @FunctionalInterface
    public interface Secrets {
        Optional<ObjectNode> open(String linkId);
    }

    private final IntegrationRegistry integrations;
    private final java.util.function.BiFunction<String, String, Optional<URI>> baseUrls;
    private final Secrets secrets;
    private final PassageConfig.Automation config;
    private final Traces traces;
    private final java.util.function.Supplier<URI> sessionsBase;

    /**
     * {@code sessionsBase} is this node's own websocket base (ws://host:port): the worker connects to the
     * node that launched it rather than through the public URL.
     */
    public HostedWorker(IntegrationRegistry integrations, java.util.function.BiFunction<String, String, Optional<URI>> baseUrls,
                        Secrets secrets,
                        PassageConfig.Automation config, Traces traces, java.util.function.Supplier<URI> sessionsBase) {
        this.sessionsBase = sessionsBase;
        this.integrations = integrations;
        this.baseUrls = baseUrls;
        this.secrets = secrets;
        this.config = config;
        this.traces = traces;
    }

    @Override
    public void launch(SessionTicket ticket) {
        Integration integration = integrations.find(ticket.integrationId())
                .orElseThrow(() -> new IllegalStateException("Unknown integration " + ticket.integrationId()));
        String local = sessionsBase.get().toString().replaceAll("/+$", "") + "/sessions/" + ticket.sessionId() + "/ws";
        // The automation's baseUrl names the sandbox portal and the live-base-urls key (default: the id).
        tools.jackson.databind.JsonNode names = integration.automation() == null ? null
                : integration.automation().path("baseUrl");
        String sandboxId = names == null ? integration.id() : names.path("sandbox").asString(integration.id());
        String liveKey = names == null ? integration.id() : names.path("live").asString(integration.id());
        WorkerRun run = new WorkerRun(ticket, local, integration, baseUrls.apply(sandboxId, liveKey), secrets, config, traces);
        Thread.ofVirtual().name("worker-" + ticket.sessionId()).start(() -> {
            try {
                run.run();
            } catch (RuntimeException e) {
                log.warn("Hosted worker of {} stopped: {}", ticket, e.toString());
            }
        });
    }
}
