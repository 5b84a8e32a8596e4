package dev.passage.server.sessions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The messages the server sends (SPEC §7); their shapes are documented in docs/protocol.md. */
final class ServerMessages {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ServerMessages() {}

    static ObjectNode of(String type) {
        ObjectNode m = F.objectNode();
        m.put("type", type);
        return m;
    }

    static ObjectNode error(String code, String message, String id) {
        ObjectNode m = of("server.error").put("code", code).put("message", message);
        if (id != null) {
            m.put("id", id);
        }
        return m;
    }

    static ObjectNode command(String id, String command, JsonNode args) {
        ObjectNode m = of("server.command").put("id", id).put("command", command);
        m.set("args", args == null ? F.objectNode() : args);
        return m;
    }

    static ObjectNode commandResult(String id, boolean ok, JsonNode result, JsonNode error) {
        ObjectNode m = of("server.command_result").put("id", id).put("ok", ok);
        m.set("result", result == null ? F.nullNode() : result);
        m.set("error", error == null ? F.nullNode() : error);
        return m;
    }

    static ObjectNode setInteractive(boolean interactive) {
        return of("server.set_interactive").put("interactive", interactive);
    }

    static ObjectNode sessionEnd(SessionState state, String code, String message) {
        ObjectNode m = of("server.session_end").put("state", state.wire());
        m.set("error", code == null ? F.nullNode() : F.objectNode().put("code", code).put("message", message));
        return m;
    }

    static ObjectNode ack(String of, int count, String id, boolean accepted) {
        ObjectNode m = of("server.ack").put("of", of).put("accepted", accepted);
        if (id != null) {
            m.put("id", id);
        }
        if (count >= 0) {
            m.put("count", count);
        }
        return m;
    }

    static ObjectNode errorObject(String code, String message) {
        return F.objectNode().put("code", code).put("message", message);
    }
}
