package dev.passage.protocol;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The protocol's JSON: one frame is one JSON object with a string {@code type}. What a worker, client
 * or debug viewer sends is read strictly (no unknown fields, no coercion of one JSON type into
 * another, numbers in range), and each problem becomes a {@link ProtocolException} that names the
 * field and the rule; what the server sends is read leniently, so an older client keeps working with
 * a newer server.
 */
public final class ProtocolJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // A number or boolean is not a string (an id of 5 is a mistake, not "5").
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();
    private static final ObjectReader SERVER = MAPPER.readerFor(ServerMessage.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ProtocolJson() {}

    /** The mapper the protocol's records are written and read with. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /** The frame as a JSON object with a string {@code type}, or empty when it is not one (close 4000). */
    public static Optional<ObjectNode> frame(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node instanceof ObjectNode object && object.path("type").isString()) {
                return Optional.of(object);
            }
        } catch (JacksonException e) {
            // Not JSON: the caller closes the socket.
        }
        return Optional.empty();
    }

    /** A worker's frame as its message; throws {@link ProtocolException} when it is not one a worker sends. */
    public static WorkerMessage worker(JsonNode frame) {
        return read(frame, WorkerMessage.class, Role.WORKER);
    }

    /** A client's frame as its message; throws {@link ProtocolException} when it is not one a client sends. */
    public static ClientMessage client(JsonNode frame) {
        return read(frame, ClientMessage.class, Role.CLIENT);
    }

    /** A debug viewer's frame as its message; throws {@link ProtocolException} when it is not one it sends. */
    public static DebugMessage debug(JsonNode frame) {
        return read(frame, DebugMessage.class, Role.DEBUG);
    }

    /** A server frame (lenient: unknown fields are ignored, an unknown type is {@link ServerMessage.Unknown}). */
    public static ServerMessage server(JsonNode frame) {
        try {
            return SERVER.readValue(frame);
        } catch (JacksonException e) {
            throw new ProtocolException(describe(e, frame));
        }
    }

    /** A server frame from text; empty when it is not JSON or not a message this end can read. */
    public static Optional<ServerMessage> server(String text) {
        return frame(text).flatMap(f -> {
            try {
                return Optional.of(server(f));
            } catch (ProtocolException e) {
                return Optional.empty();
            }
        });
    }

    /** A message (or any record of the protocol) as a JSON tree. */
    public static JsonNode tree(Object message) {
        return MAPPER.valueToTree(message);
    }

    /** A message (or any record of the protocol) as one frame's text. */
    public static String text(Object message) {
        return MAPPER.writeValueAsString(message);
    }

    private static <T> T read(JsonNode frame, Class<T> type, Role role) {
        try {
            return MAPPER.treeToValue(frame, type);
        } catch (InvalidTypeIdException e) {
            throw new ProtocolException(ProtocolException.Kind.UNKNOWN_TYPE,
                    "A " + role.wire() + " does not send " + Fields.shorten(frame.path("type").asString("")) + ".");
        } catch (JacksonException e) {
            throw new ProtocolException(describe(e, frame));
        }
    }

    /** Names what is wrong in words, never quoting the value. */
    private static String describe(JacksonException e, JsonNode frame) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProtocolException p) {
                return p.getMessage();
            }
        }
        String path = path(e);
        if (e instanceof UnrecognizedPropertyException u) {
            return (path.isEmpty() ? Fields.shorten(u.getPropertyName()) : path) + " is not a known field";
        }
        if (e instanceof InputCoercionException) {
            return (path.isEmpty() ? "a number" : path) + " is out of range";
        }
        if (e instanceof MismatchedInputException m) {
            if (m.getMessage() != null && m.getMessage().contains("out of range")) {
                return (path.isEmpty() ? "a number" : path) + " is out of range";
            }
            return (path.isEmpty() ? "the message" : path) + " must be " + expected(m.getTargetType());
        }
        return (path.isEmpty() ? Fields.shorten(frame.path("type").asString("the message")) : path) + " is malformed";
    }

    private static String path(JacksonException e) {
        List<JacksonException.Reference> refs = e.getPath();
        return refs.stream()
                .map(r -> r.getPropertyName() != null ? Fields.shorten(r.getPropertyName())
                        : r.getIndex() >= 0 ? Integer.toString(r.getIndex()) : "")
                .filter(s -> !s.isEmpty())
                .collect(Collectors.joining("."));
    }

    private static String expected(Class<?> target) {
        if (target == null) {
            return "of another type";
        }
        if (target == long.class || target == Long.class || target == int.class || target == Integer.class) {
            return "a whole number";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "a boolean";
        }
        if (target == String.class || target.isEnum()) {
            return "a string";
        }
        if (List.class.isAssignableFrom(target)) {
            return "an array";
        }
        return "an object";
    }
}
