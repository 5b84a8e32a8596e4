package dev.passage.server.dashboard;

import dev.passage.server.integrations.Integration;
import dev.passage.server.integrations.IntegrationRegistry;
import dev.passage.server.integrations.Operation;
import dev.passage.server.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The try-it page's form (sandbox mode): every integration × operation to choose from, the chosen
 * operation's arguments as fields drawn from its JSON Schema (prefilled with the sandbox's test card),
 * and the form turned back into a create-link body, which the link service validates like any other.
 */
final class TryIt {
    /** Values the sandbox portals accept, so a person can link a sandbox account without typing a card. */
    private static final Map<String, String> SANDBOX_VALUES = Map.of(
            "cardNumber", "4111111111111111", "expirationDate", "12/30", "cvv", "123", "nameOnCard", "Test User",
            "billingZip", "94105", "line1", "1 Main St", "city", "San Francisco", "state", "CA", "dryRun", "true");
    static final String PREFIX = "arg.";

    private final IntegrationRegistry integrations;

    TryIt(IntegrationRegistry integrations) {
        this.integrations = integrations;
    }

    /** {@code tmobile:paymentMethod.read} → the integration and operation, when both exist. */
    Optional<Chosen> choose(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int colon = value.indexOf(':');
        int dot = value.lastIndexOf('.');
        if (colon <= 0 || dot <= colon + 1 || dot == value.length() - 1) {
            return Optional.empty();
        }
        return integrations.find(value.substring(0, colon))
                .flatMap(i -> i.operation(value.substring(colon + 1, dot), value.substring(dot + 1))
                        .map(op -> new Chosen(i, op)));
    }

    record Chosen(Integration integration, Operation operation) {
        String value() {
            return integration.id() + ":" + operation.resource() + "." + operation.action();
        }
    }

    Chosen first() {
        Integration i = integrations.all().getFirst();
        return new Chosen(i, i.resources().getFirst().operations().getFirst());
    }

    Views.TryForm form(Chosen chosen, Function<String, String> values, List<String> issues, String externalUserId,
                       boolean debug) {
        List<Views.Option> options = new ArrayList<>();
        for (Integration i : integrations.all()) {
            for (Integration.Resource r : i.resources()) {
                for (Operation op : r.operations()) {
                    String value = i.id() + ":" + r.name() + "." + op.action();
                    options.add(new Views.Option(value, i.name() + ": " + r.name() + "." + op.action(),
                            value.equals(chosen.value())));
                }
            }
        }
        return new Views.TryForm(options, chosen.value(), fields(chosen.operation().argumentsSchema(), PREFIX, values),
                issues, externalUserId, debug);
    }

    private static List<Views.Field> fields(JsonNode schema, String prefix, Function<String, String> values) {
        List<Views.Field> fields = new ArrayList<>();
        if (schema == null || !schema.path("properties").isObject()) {
            return fields;
        }
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asString()));
        for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
            String name = prefix + p.getKey();
            JsonNode s = p.getValue();
            String type = s.path("type").asString("string");
            String hint = s.path("description").asString("");
            String given = values.apply(name);
            String value = given != null ? given : SANDBOX_VALUES.getOrDefault(p.getKey(), "");
            String kind = switch (type) {
                case "object" -> "object";
                case "boolean" -> "checkbox";
                case "integer", "number" -> "number";
                default -> "text";
            };
            fields.add(new Views.Field(name, p.getKey(), kind, value, required.contains(p.getKey()), hint,
                    kind.equals("object") ? fields(s, name + ".", values) : List.of()));
        }
        return fields;
    }

    /**
     * The create-link body for the chosen operation from the form's values: empty fields left out,
     * numbers and booleans typed as the schema says (a value that is not a number stays text, for the
     * schema to name).
     */
    ObjectNode body(Chosen chosen, Function<String, String> values, String externalUserId, boolean debug) {
        ObjectNode body = Json.mapper().createObjectNode()
                .put("integrationId", chosen.integration().id())
                .put("resource", chosen.operation().resource())
                .put("action", chosen.operation().action())
                .put("debug", debug);
        if (externalUserId != null && !externalUserId.isBlank()) {
            body.put("externalUserId", externalUserId.strip());
        }
        ObjectNode arguments = arguments(chosen.operation().argumentsSchema(), PREFIX, values);
        if (arguments != null && !arguments.isEmpty()) {
            body.set("arguments", arguments);
        }
        return body;
    }

    private static ObjectNode arguments(JsonNode schema, String prefix, Function<String, String> values) {
        if (schema == null || !schema.path("properties").isObject()) {
            return null;
        }
        ObjectNode out = Json.mapper().createObjectNode();
        for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
            String name = prefix + p.getKey();
            String type = p.getValue().path("type").asString("string");
            if (type.equals("object")) {
                ObjectNode nested = arguments(p.getValue(), name + ".", values);
                if (nested != null && !nested.isEmpty()) {
                    out.set(p.getKey(), nested);
                }
                continue;
            }
            String raw = values.apply(name);
            if (type.equals("boolean")) {
                out.put(p.getKey(), raw != null && !raw.isEmpty());
                continue;
            }
            if (raw == null || raw.isBlank()) {
                continue;
            }
            String v = raw.strip();
            if (type.equals("integer")) {
                try {
                    out.put(p.getKey(), Long.parseLong(v));
                } catch (NumberFormatException e) {
                    out.put(p.getKey(), v);
                }
            } else if (type.equals("number")) {
                try {
                    out.put(p.getKey(), new java.math.BigDecimal(v));
                } catch (NumberFormatException e) {
                    out.put(p.getKey(), v);
                }
            } else {
                out.put(p.getKey(), v);
            }
        }
        return out;
    }
}
