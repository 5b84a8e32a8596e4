package dev.passage.server.automation;

import dev.passage.protocol.ErrorCode;
import dev.passage.protocol.FailureReason;
import dev.passage.protocol.ServerMessage;
import dev.passage.server.config.PassageConfig;
import dev.passage.server.integrations.BaseUrls;
import dev.passage.server.integrations.Integration;
import dev.passage.server.integrations.IntegrationRegistry;
import dev.passage.server.json.Json;
import dev.passage.server.sessions.SessionTicket;
import dev.passage.server.sessions.WorkerLauncher;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Passage's own worker: on each claim it runs the integration's automation in a virtual thread of
 * its own, connected to the session's websocket as the worker, exactly like an outside worker would be.
 */
public final class HostedWorker implements WorkerLauncher {
    private static final Logger log = LoggerFactory.getLogger(HostedWorker.class);

    /** Opens a link's sealed secret arguments (keyed by operation index); empty when it has none. */
    @FunctionalInterface
    public interface Secrets {
        Optional<ObjectNode> open(String linkId);
    }

    private final IntegrationRegistry integrations;
    private final BaseUrls baseUrls;
    private final Secrets secrets;
    private final PassageConfig.Automation config;
    private final TraceRepository traces;
    private final Supplier<URI> sessionsBase;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * {@code sessionsBase} is this node's own websocket base (ws://host:port, known once it listens): the
     * worker connects to the node that launched it rather than through the public URL.
     */
    public HostedWorker(IntegrationRegistry integrations, BaseUrls baseUrls, Secrets secrets, PassageConfig.Automation config,
                        TraceRepository traces, Supplier<URI> sessionsBase, Clock clock) {
        this.integrations = integrations;
        this.baseUrls = baseUrls;
        this.secrets = secrets;
        this.config = config;
        this.traces = traces;
        this.sessionsBase = sessionsBase;
        this.clock = clock;
    }

    @Override
    public boolean inProcess() {
        return true;
    }

    @Override
    public void launch(SessionTicket ticket) {
        Integration integration = integrations.find(ticket.integrationId())
                .orElseThrow(() -> new IllegalStateException("Unknown integration " + ticket.integrationId()));
        URI local = URI.create(sessionsBase.get().toString().replaceAll("/+$", "") + "/sessions/" + ticket.sessionId() + "/ws");
        Thread.ofVirtual().name("worker-" + ticket.sessionId()).start(() -> {
            try {
                run(ticket, local, integration);
            } catch (RuntimeException e) {
                log.warn("Hosted worker of {} stopped: {}", ticket, e.toString());
            }
        });
    }

    private void run(SessionTicket ticket, URI websocketUrl, Integration integration) {
        try (WorkerConnection connection = WorkerConnection.open(http, websocketUrl, ticket.workerToken(), clock,
                config.commandTimeout())) {
            ServerMessage.Hello hello = connection.hello();
            if (hello.ended()) {
                return;
            }
            TraceRecorder trace = hello.debug() ? new TraceRecorder(connection, clock) : TraceRecorder.NONE;
            try {
                try {
                    connection.complete(automate(ticket, integration, connection, trace));
                } catch (WorkerConnection.StepFailure failure) {
                    connection.fail(ErrorCode.AUTOMATION_ERROR.name(), failure.getMessage(), failure.reason(), failure.details());
                }
                connection.awaitClose(Duration.ofSeconds(5));
            } catch (WorkerConnection.SessionGone gone) {
                log.debug("Session {} ended under the worker: {}", ticket.sessionId(), gone.getMessage());
            } finally {
                if (trace.records()) {
                    saveTrace(ticket, trace);
                }
            }
        } catch (WorkerConnection.SessionGone gone) {
            log.debug("Session {} ended before the worker joined: {}", ticket.sessionId(), gone.getMessage());
        }
    }

    private JsonNode automate(SessionTicket ticket, Integration integration, WorkerConnection connection, TraceRecorder trace) {
        if (integration.automation() == null) {
            throw new WorkerConnection.StepFailure("Integration " + integration.id() + " has no automation.");
        }
        URI base = baseUrls.of(integration).orElseThrow(() -> new WorkerConnection.StepFailure("No base URL is configured "
                + "for integration " + integration.id() + " (sandbox portals off and no automation.live-base-urls entry).",
                FailureReason.SITE_UNAVAILABLE));
        ObjectNode sealed = secrets.open(ticket.linkId()).orElse(Json.mapper().createObjectNode());
        return new StepRunner(integration, base.toString(), connection, trace, config, clock)
                .run(ticket.operations(), sealed);
    }

    private void saveTrace(SessionTicket ticket, TraceRecorder trace) {
        try {
            traces.save(ticket.linkId(), ticket.sessionId(), trace.steps(), clock.millis());
        } catch (RuntimeException e) {
            log.warn("The trace of {} could not be saved: {}", ticket.sessionId(), e.toString());
        }
    }
}
