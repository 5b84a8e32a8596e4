package dev.passage.server.integrations;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.path.NodePath;
import dev.passage.server.errors.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Turns JSON Schema validation errors into dot-path issues ({@code operations.0.arguments.cvv}). */
final class SchemaIssues {
    private SchemaIssues() {}

    static List<ValidationException.Issue> of(Schema schema, JsonNode value, String prefix) {
        Set<ValidationException.Issue> issues = new LinkedHashSet<>();
        // The validator reads numbers as long or double: one beyond them is refused before it is reached.
        outOfRange(value, prefix, issues);
        if (!issues.isEmpty()) {
            return new ArrayList<>(issues);
        }
        for (Error error : schema.validate(value)) {
            String path = join(prefix, dotPath(error.getInstanceLocation()));
            String keyword = error.getKeyword();
            // A missing or extra property is reported on its parent object; name the property itself.
            if (("required".equals(keyword) || "additionalProperties".equals(keyword)) && error.getProperty() != null) {
                path = join(path, error.getProperty());
            }
            issues.add(new ValidationException.Issue(path, message(error)));
        }
        return new ArrayList<>(issues);
    }

    /** Numbers a schema check cannot hold: integers outside 64 bits, non-finite or larger-than-long decimals. */
    private static void outOfRange(JsonNode node, String path, Set<ValidationException.Issue> issues) {
        if (node == null) {
            return;
        }
        if (node.isNumber()) {
            boolean fits = node.isIntegralNumber() ? node.canConvertToLong()
                    : Double.isFinite(node.doubleValue()) && Math.abs(node.doubleValue()) < 9.2e18;
            if (!fits) {
                issues.add(new ValidationException.Issue(path, "is a number out of range"));
            }
        } else if (node.isObject()) {
            node.properties().forEach(e -> outOfRange(e.getValue(), join(path, e.getKey()), issues));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                outOfRange(node.get(i), join(path, Integer.toString(i)), issues);
            }
        }
    }

    static String dotPath(NodePath location) {
        if (location == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(location.getElement(i));
        }
        return out.toString();
    }

    private static String join(String a, String b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : a + "." + b;
    }

    /** The validator's message without its leading instance location. */
    private static String message(Error error) {
        String message = error.getMessage();
        int colon = message.indexOf(": ");
        if (message.startsWith("$") && colon > 0) {
            message = message.substring(colon + 2);
        }
        return switch (error.getKeyword() == null ? "" : error.getKeyword()) {
            case "required" -> "is required";
            case "additionalProperties" -> "is not a known field";
            // The value failed a pattern: say so without echoing it, as it may be a card number.
            case "pattern" -> "does not have the expected format";
            default -> message;
        };
    }
}
