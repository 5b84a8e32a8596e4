package dev.passage.sandbox;

import dev.passage.sandbox.web.CarrierPortal;
import dev.passage.sandbox.web.Portal;
import dev.passage.sandbox.web.PortalServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The five sandbox portals running, each on its own port (its own origin):
 * {@code try (Sandbox sandbox = Sandbox.start(0)) { sandbox.url("att"); }}.
 */
public final class Sandbox implements AutoCloseable {
    /** The default host: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The default base port: tmobile 8181, att 8182, verizon 8183, ubereats 8184, apple-review 8185. */
    public static final int DEFAULT_BASE_PORT = 8181;

    private final String urlHost;
    private final Map<String, PortalServer> servers;

    private Sandbox(String urlHost, Map<String, PortalServer> servers) {
        this.urlHost = urlHost;
        this.servers = servers;
    }

    /** Starts every portal on 127.0.0.1, from {@code basePort} up in {@link SandboxPortals#IDS} order; 0 gives each a free port. */
    public static Sandbox start(int basePort) {
        return start(DEFAULT_HOST, basePort);
    }

    /** Starts every portal on {@code host}, from {@code basePort} up; 0 gives each a free port. */
    public static Sandbox start(String host, int basePort) {
        return start(host, basePort, Clock.systemUTC());
    }

    /** As {@link #start(String, int)}, with the clock that decides whether a card has expired. */
    public static Sandbox start(String host, int basePort, Clock clock) {
        if (basePort < 0 || basePort > 65535 - SandboxPortals.IDS.size()) {
            throw new IllegalArgumentException("base port must be 0 or leave room for "
                    + SandboxPortals.IDS.size() + " ports, got " + basePort);
        }
        Map<String, PortalServer> servers = new LinkedHashMap<>();
        try {
            int i = 0;
            for (String id : SandboxPortals.IDS) {
                int port = basePort == 0 ? 0 : basePort + i++;
                servers.put(id, PortalServer.start(Portals.create(id, SandboxData.load(id), clock), host, port));
            }
        } catch (RuntimeException e) {
            servers.values().forEach(PortalServer::close);
            throw e;
        }
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.isEmpty();
        String urlHost = wildcard ? "localhost" : host.contains(":") ? "[" + host + "]" : host;
        return new Sandbox(urlHost, servers);
    }

    /** The base URL of an integration's portal, e.g. {@code http://127.0.0.1:8181} (no trailing slash). */
    public String url(String integrationId) {
        return "http://" + urlHost + ":" + server(integrationId).port();
    }

    /** The port of an integration's portal. */
    public int port(String integrationId) {
        return server(integrationId).port();
    }

    /** Every portal's base URL by integration id, in port order. */
    public Map<String, String> urls() {
        Map<String, String> urls = new LinkedHashMap<>();
        servers.keySet().forEach(id -> urls.put(id, url(id)));
        return urls;
    }

    /** A carrier portal's payment methods for a user now: the seed plus cards saved since start. */
    public List<PaymentMethod> paymentMethods(String integrationId, String username) {
        Portal portal = server(integrationId).portal();
        if (!(portal instanceof CarrierPortal carrier)) {
            throw new IllegalArgumentException(integrationId + " has no payment methods");
        }
        return carrier.store().paymentMethods(username);
    }

    /** Stops every portal. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (PortalServer server : servers.values()) {
            try {
                server.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    private PortalServer server(String integrationId) {
        PortalServer server = servers.get(integrationId);
        if (server == null) {
            throw new IllegalArgumentException("no sandbox portal for integration '" + integrationId
                    + "'; known: " + SandboxPortals.IDS);
        }
        return server;
    }
}
