package dev.passage.server.sessions;

import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The messages workers and clients send (SPEC §7), parsed from JSON objects with a string {@code type}. */
sealed interface Inbound {

    /** The commands a worker may relay to the client (SPEC §7). */
    Set<String> COMMANDS = Set.of("navigate", "reload", "goBack", "waitForNavigation", "click", "fill", "select", "press",
            "waitForSelector", "getAttribute", "textContent", "innerHTML", "isVisible", "evaluate", "url", "title",
            "content", "screenshot", "waitForNetworkIdle", "waitForTimeout", "updateStatus");

    /** {@code worker.hello} / {@code client.hello}; {@code lastSeq} is the last stored message the role saw (0: none). */
    record Hello(long lastSeq) implements Inbound {}

    /** {@code {"type":"worker.command","id":"c1","command":"click","args":{…}}}. */
    record Command(String id, String command, JsonNode args) implements Inbound {}

    /** {@code {"type":"worker.yield_to_user","id":"y1","conditions":[…],"optional":true,"timeout":60000}}. */
    record YieldToUser(String id, JsonNode conditions, boolean optional, Long timeoutMillis) implements Inbound {}

    /** {@code {"type":"worker.complete","result":…}}. */
    record Complete(JsonNode result) implements Inbound {}

    /** {@code {"type":"worker.fail","error":{"code":"…","message":"…"}}}. */
    record Fail(String code, String message) implements Inbound {}

    /** {@code {"type":"client.command_response","id":"c1","ok":true,"result":…,"error":…}}. */
    record CommandResponse(String id, boolean ok, JsonNode result, JsonNode error) implements Inbound {}

    /** {@code {"type":"client.events","events":[…]}}: see {@link Telemetry}. */
    record Events(JsonNode events) implements Inbound {}

    /** A string type this role does not send. */
    record Unknown(String type) implements Inbound {}

    /** Parses a message of {@code role}; throws {@link ProtocolException} for a known type with bad fields. */
    static Inbound parse(Role role, String type, JsonNode m) {
        String prefix = role == Role.WORKER ? "worker." : role == Role.CLIENT ? "client." : "debug.";
        if (type.equals(prefix + "hello")) {
            JsonNode last = m.get("lastSeq");
            if (last != null && !last.isNull() && !(last.isIntegralNumber() && last.asLong() >= 0)) {
                throw new ProtocolException("lastSeq must be a whole number from 0");
            }
            return new Hello(last == null || last.isNull() ? 0 : last.asLong());
        }
        if (role == Role.WORKER) {
            switch (type) {
                case "worker.command" -> {
                    String command = text(m, "command", true);
                    if (!COMMANDS.contains(command)) {
                        throw new ProtocolException("command '" + command + "' is not one of " + COMMANDS.stream().sorted().toList());
                    }
                    JsonNode args = m.get("args");
                    if (args != null && !args.isNull() && !args.isObject()) {
                        throw new ProtocolException("args must be an object");
                    }
                    return new Command(id(m), command, args == null || args.isNull() ? null : args);
                }
                case "worker.yield_to_user" -> {
                    JsonNode optional = m.get("optional");
                    if (optional != null && !optional.isBoolean()) {
                        throw new ProtocolException("optional must be a boolean");
                    }
                    JsonNode timeout = m.get("timeout");
                    if (timeout != null && !timeout.isNull() && !(timeout.isIntegralNumber() && timeout.asLong() > 0)) {
                        throw new ProtocolException("timeout must be a positive whole number of milliseconds");
                    }
                    return new YieldToUser(id(m), m.get("conditions"), optional != null && optional.asBoolean(),
                            timeout == null || timeout.isNull() ? null : timeout.asLong());
                }
                case "worker.complete" -> {
                    if (!m.has("result")) {
                        throw new ProtocolException("result is missing");
                    }
                    return new Complete(m.get("result"));
                }
                case "worker.fail" -> {
                    JsonNode error = m.get("error");
                    return new Fail(Telemetry.text(error, "code"), Telemetry.text(error, "message"));
                }
                default -> {
                    return new Unknown(type);
                }
            }
        }
        if (role == Role.CLIENT) {
            switch (type) {
                case "client.command_response" -> {
                    JsonNode ok = m.get("ok");
                    JsonNode error = m.get("error");
                    boolean succeeded = ok != null && ok.isBoolean() ? ok.asBoolean() : error == null || error.isNull();
                    return new CommandResponse(id(m), succeeded, m.get("result"), error);
                }
                case "client.events" -> {
                    JsonNode events = m.get("events");
                    if (events == null || !events.isArray()) {
                        throw new ProtocolException("events must be an array");
                    }
                    return new Events(events);
                }
                default -> {
                    return new Unknown(type);
                }
            }
        }
        return new Unknown(type);
    }

    private static String id(JsonNode m) {
        return text(m, "id", true);
    }

    private static String text(JsonNode m, String field, boolean required) {
        JsonNode v = m.get(field);
        if (v == null || !v.isString() || v.asString().isEmpty()) {
            if (required) {
                throw new ProtocolException(field + " must be a non-empty string");
            }
            return null;
        }
        return v.asString();
    }
}
