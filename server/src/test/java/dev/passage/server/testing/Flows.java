package dev.passage.server.testing;

import dev.passage.server.json.Json;
import dev.passage.server.sessions.SessionTicket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Steps shared by the session tests: create a link, claim it, connect a scripted worker, client or debug viewer. */
public final class Flows {
    public static final String TMOBILE_READ = """
            {"integrationId":"tmobile","resource":"paymentMethod","action":"read"}""";

    private final TestServer server;
    private final String key;

    public Flows(TestServer server) {
        this.server = server;
        this.key = server.newOrgKey();
    }

    public String key() {
        return key;
    }

    /** A link made through the API. */
    public record LinkRef(String linkId, String claimCode) {}

    /** A successful claim and the worker ticket it launched. */
    public record Claimed(String linkId, String sessionId, String clientToken, String websocketUrl, long expiresAt,
                          SessionTicket ticket) {}

    public LinkRef createLink(String body) {
        TestServer.Response r = server.postJson("/v1/links", key, body);
        if (r.status() != 201) {
            throw new AssertionError("link creation failed: " + r.status() + " " + r.body());
        }
        return new LinkRef(r.json().get("linkId").asString(), r.json().get("claimCode").asString());
    }

    public LinkRef createLink() {
        return createLink(TMOBILE_READ);
    }

    public TestServer.Response claim(String code) {
        ObjectNode body = Json.mapper().createObjectNode().put("code", code);
        return server.postJson("/link/claim", null, body.toString());
    }

    public Claimed claimOk(String code) {
        TestServer.Response r = claim(code);
        if (r.status() != 200) {
            throw new AssertionError("claim failed: " + r.status() + " " + r.body());
        }
        JsonNode b = r.json();
        String sessionId = b.get("sessionId").asString();
        return new Claimed(b.get("linkId").asString(), sessionId, b.get("clientToken").asString(),
                b.get("websocketUrl").asString(), b.get("expiresAt").asLong(), server.launcher.ticket(sessionId));
    }

    public Claimed newSession() {
        return claimOk(createLink().claimCode());
    }

    public JsonNode link(String linkId) {
        return server.get("/v1/links/" + linkId, key).json();
    }

    /** Opens a socket on the session without saying hello. */
    public WsClient open(String sessionId, String role, String token) {
        return WsClient.connect(server.wsUri("/sessions/" + sessionId + "/ws?role=" + role + "&token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8)));
    }

    /** A worker that said hello and read server.hello and server.replay. */
    public WsClient worker(Claimed c) {
        WsClient w = open(c.sessionId(), "worker", c.ticket().workerToken());
        w.send("{\"type\":\"worker.hello\"}");
        w.next("server.hello");
        w.next("server.replay");
        return w;
    }

    /** A client that said hello and read server.hello and server.replay. */
    public WsClient client(Claimed c) {
        WsClient cl = open(c.sessionId(), "client", c.clientToken());
        cl.send("{\"type\":\"client.hello\"}");
        cl.next("server.hello");
        cl.next("server.replay");
        return cl;
    }

    /** A debug viewer that said hello and read server.hello. */
    public WsClient debug(Claimed c) {
        String token = server.passage.sessions().issueDebugToken(c.sessionId())
                .orElseThrow(() -> new AssertionError("no debug token for " + c.sessionId()));
        WsClient d = open(c.sessionId(), "debug", token);
        d.send("{\"type\":\"debug.hello\"}");
        return d;
    }

    /** A worker and a client both connected: the session is active and the worker got server.client_ready. */
    public record Both(Claimed claimed, WsClient worker, WsClient client) implements AutoCloseable {
        @Override
        public void close() {
            worker.close();
            client.close();
        }
    }

    public Both active(Claimed c) {
        WsClient w = worker(c);
        WsClient cl = client(c);
        w.next("server.client_ready");
        return new Both(c, w, cl);
    }

    public Both active() {
        return active(newSession());
    }

    public String sessionState(String sessionId) {
        return server.passage.database().read(h -> h.createQuery("SELECT state FROM sessions WHERE id = :id")
                .bind("id", sessionId).mapTo(String.class).one());
    }
}
