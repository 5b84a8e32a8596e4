package dev.passage.server.integrations;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The templates of automation steps: {@code {{arguments.cardNumber}}}, {@code {{baseUrl}}}, with
 * filters {@code |split:/:0}, {@code |prefix:20}, {@code |default:x}, {@code |upper}, {@code |lower}.
 * A string that is exactly one template takes the value's JSON type (a number stays a number, a
 * missing value is null); templates inside a longer string are replaced by text (missing: empty).
 */
public final class Templates {
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{\\s*([^}]+?)\\s*}}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Templates() {}

    /** A deep copy of {@code node} with every string's templates resolved in {@code scope}. */
    public static JsonNode resolve(JsonNode node, JsonNode scope) {
        if (node == null) {
            return NODES.nullNode();
        }
        if (node.isString()) {
            return resolveString(node.asString(), scope);
        }
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            node.properties().forEach(e -> out.set(e.getKey(), resolve(e.getValue(), scope)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(item -> out.add(resolve(item, scope)));
            return out;
        }
        return node;
    }

    public static JsonNode resolveString(String text, JsonNode scope) {
        Matcher whole = TEMPLATE.matcher(text);
        if (whole.matches()) {
            return evaluate(whole.group(1), scope);
        }
        Matcher m = TEMPLATE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JsonNode v = evaluate(m.group(1), scope);
            m.appendReplacement(out, Matcher.quoteReplacement(v.isNull() || v.isMissingNode() ? "" : v.isString() ? v.asString() : v.toString()));
        }
        m.appendTail(out);
        return NODES.stringNode(out.toString());
    }

    /** True unless null, missing, false, "", "false" or 0. */
    public static boolean truthy(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return v.asDouble() != 0;
        }
        if (v.isString()) {
            return !v.asString().isEmpty() && !v.asString().equals("false");
        }
        return true;
    }

    /** Whether a template in {@code node} reads {@code path} (e.g. {@code arguments.cardNumber}). */
    public static boolean mentions(JsonNode node, String path) {
        if (node == null) {
            return false;
        }
        if (node.isString()) {
            Matcher m = TEMPLATE.matcher(node.asString());
            while (m.find()) {
                if (m.group(1).split("\\|")[0].trim().equals(path)) {
                    return true;
                }
            }
            return false;
        }
        for (JsonNode child : node) {
            if (mentions(child, path)) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.Set<String> FILTERS = java.util.Set.of("split", "prefix", "default", "upper", "lower");

    /** Checks every template in {@code node} (filter names and arguments) without a scope; throws naming the first bad one. */
    static void check(JsonNode node, String where) {
        if (node == null) {
            return;
        }
        if (node.isString()) {
            Matcher m = TEMPLATE.matcher(node.asString());
            while (m.find()) {
                String[] parts = m.group(1).split("\\|");
                for (int i = 1; i < parts.length; i++) {
                    String filter = parts[i].trim();
                    String name = filter.contains(":") ? filter.substring(0, filter.indexOf(':')) : filter;
                    if (!FILTERS.contains(name)) {
                        throw new IllegalArgumentException(where + " uses the unknown template filter '" + name
                                + "'; known: " + FILTERS.stream().sorted().toList());
                    }
                    if (name.equals("split") && !filter.matches("split:.+:[0-9]+")) {
                        throw new IllegalArgumentException(where + " needs split:<separator>:<index>, not '" + filter + "'");
                    }
                }
            }
        } else {
            node.forEach(child -> check(child, where));
        }
    }

    private static JsonNode evaluate(String expression, JsonNode scope) {
        String[] parts = expression.split("\\|");
        JsonNode v = scope;
        for (String key : parts[0].trim().split("\\.")) {
            v = v == null ? null : v.get(key);
        }
        if (v == null) {
            v = NODES.nullNode();
        }
        for (int i = 1; i < parts.length; i++) {
            String filter = parts[i].trim();
            String name = filter.contains(":") ? filter.substring(0, filter.indexOf(':')) : filter;
            String arg = filter.contains(":") ? filter.substring(filter.indexOf(':') + 1) : "";
            String s = v.isNull() ? null : v.isString() ? v.asString() : v.toString();
            v = switch (name) {
                case "split" -> {
                    int at = arg.lastIndexOf(':');
                    String[] pieces = s == null ? new String[0] : s.split(Pattern.quote(arg.substring(0, at)), -1);
                    int index = Integer.parseInt(arg.substring(at + 1));
                    yield index < pieces.length ? NODES.stringNode(pieces[index]) : NODES.nullNode();
                }
                case "prefix" -> s == null ? v : NODES.stringNode(arg + s);
                case "default" -> s == null || s.isEmpty() ? NODES.stringNode(arg) : v;
                case "upper" -> s == null ? v : NODES.stringNode(s.toUpperCase(java.util.Locale.ROOT));
                case "lower" -> s == null ? v : NODES.stringNode(s.toLowerCase(java.util.Locale.ROOT));
                default -> throw new IllegalArgumentException("Unknown template filter '" + name + "'");
            };
        }
        return v;
    }
}
