package dev.passage.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passage.sdk.internal.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A link's result. For a link with one operation it is that operation's result; for several it is
 * {@code {"operations": [{"resource", "action", "data"}, …]}} in the order the operations were
 * given (the same operation may appear twice). {@link #operationResults()} lists both shapes alike;
 * {@link #as(Class)} reads a typed result.
 *
 * @param json the result as the API sent it
 * @param operations the link's operations, when known (a webhook does not list them)
 */
public record LinkResult(JsonNode json, List<Operation> operations) implements JsonModel {
    private static final Pattern OPERATION_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9]*\\.[A-Za-z][A-Za-z0-9]*");

    /** Keeps its own copies. */
    public LinkResult {
        json = Json.frozen(json);
        operations = List.copyOf(operations);
    }

    /** A result whose operations are not known (as in a webhook). */
    public static LinkResult fromJson(JsonNode json) {
        return new LinkResult(json, List.of());
    }

    /**
     * The result as {@code type}. With one operation, the whole result; with several, the first
     * operation whose result type {@code type} is ({@link PaymentMethods} for {@code paymentMethod.read},
     * and so on); any other type binds the whole result with Jackson.
     *
     * @throws IllegalArgumentException when the result does not read as {@code type}, or no
     *     operation of this link returns it
     */
    public <T> T as(Class<T> type) {
        List<OperationResult> results = operationResults();
        if (results.size() == 1) {
            return results.get(0).as(type);
        }
        Optional<String> wanted = ResultTypes.operationOf(type);
        if (wanted.isEmpty()) {
            return ResultTypes.read(json, type);
        }
        return results.stream().filter(r -> (r.resource() + "." + r.action()).equals(wanted.get())).findFirst()
                .map(r -> r.as(type))
                .orElseThrow(() -> new IllegalArgumentException("no " + wanted.get() + " result in this link's "
                        + results.size() + " operation results"));
    }

    /** Each operation's result, in the order the operations were given. */
    public List<OperationResult> operationResults() {
        JsonNode list = Json.present(json, "operations");
        boolean multi = operations.size() > 1 || (operations.isEmpty() && (isOperationList(list) || looksKeyed(json)));
        if (!multi) {
            Operation only = operations.isEmpty() ? null : operations.get(0);
            return List.of(new OperationResult(only == null ? "" : only.resource(), only == null ? "" : only.action(), json));
        }
        if (isOperationList(list)) {
            List<OperationResult> out = new ArrayList<>();
            list.forEach(entry -> out.add(new OperationResult(Json.stringOrEmpty(entry, "resource"),
                    Json.stringOrEmpty(entry, "action"), entry.path("data"))));
            return List.copyOf(out);
        }
        return keyed();
    }

    /** Results keyed {@code "resource.action"}, as servers before {@code result.operations[]} sent them. */
    private List<OperationResult> keyed() {
        List<OperationResult> out = new ArrayList<>();
        if (!operations.isEmpty()) {
            for (Operation op : operations) {
                JsonNode data = Json.present(json, op.key());
                if (data != null) {
                    out.add(new OperationResult(op.resource(), op.action(), data));
                }
            }
            return List.copyOf(out);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (OPERATION_KEY.matcher(field.getKey()).matches()) {
                String[] parts = field.getKey().split("\\.", 2);
                out.add(new OperationResult(parts[0], parts[1], field.getValue()));
            }
        }
        return List.copyOf(out);
    }

    private static boolean looksKeyed(JsonNode json) {
        if (json == null || !json.isObject() || json.size() < 2) {
            return false;
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            if (!OPERATION_KEY.matcher(names.next()).matches()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isOperationList(JsonNode list) {
        if (list == null || !list.isArray() || list.isEmpty()) {
            return false;
        }
        for (JsonNode entry : list) {
            if (!entry.isObject() || !entry.has("resource") || !entry.has("action") || !entry.has("data")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public JsonNode json() {
        return json.deepCopy();
    }
}
