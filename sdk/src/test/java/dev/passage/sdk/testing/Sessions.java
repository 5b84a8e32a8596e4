package dev.passage.sdk.testing;

import dev.passage.server.testing.Flows;
import dev.passage.server.testing.TestServer;

/**
 * Drives a link to its end the way the server's own tests do: the device claims it, a scripted
 * worker and a client join the session over its websocket, and the worker completes or fails it.
 */
public final class Sessions {
    private final Flows flows;

    /** Sessions of the shared server's organization whose API key is {@code flows.key()}. */
    public Sessions(Flows flows) {
        this.flows = flows;
    }

    /** A new organization on {@code server}. */
    public static Sessions newOrg(TestServer server) {
        return new Sessions(new Flows(server));
    }

    /** The organization's API key. */
    public String apiKey() {
        return flows.key();
    }

    /** Claims the link with {@code claimCode} and has the worker complete it with {@code resultJson}. */
    public void complete(String claimCode, String resultJson) {
        finish(claimCode, "{\"type\":\"worker.complete\",\"result\":" + resultJson + "}");
    }

    /** Claims the link and has the worker fail it with {@code code} and {@code message}. */
    public void fail(String claimCode, String code, String message) {
        finish(claimCode, "{\"type\":\"worker.fail\",\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
    }

    private void finish(String claimCode, String workerMessage) {
        Flows.Claimed claimed = flows.claimOk(claimCode);
        try (Flows.Both session = flows.active(claimed)) {
            session.worker().send(workerMessage);
            session.client().until("server.session_end");
        }
    }
}
