package dev.passage.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passage.sdk.internal.Json;
import java.util.Optional;

/**
 * Why a link failed: a code such as {@code AUTOMATION_ERROR} or {@code CLIENT_TIMEOUT}, a message
 * for people and, where the server gives one, a machine-readable reason ({@code invalid_credentials}).
 *
 * @param code the error code
 * @param message the message for people
 * @param reason the machine-readable reason, when the server gives one
 * @param details what the device or the service's page said, when it said something (text from
 *     outside Passage, bounded by the server; show it escaped)
 * @param json the JSON this was read from
 */
public record LinkError(String code, String message, Optional<String> reason, Optional<String> details, JsonNode json)
        implements JsonModel {
    /** Keeps its own copy of the JSON. */
    public LinkError {
        json = Json.frozen(json);
    }

    /** Reads an error object. */
    public static LinkError fromJson(JsonNode node) {
        Json.requireObject(node, "error");
        return new LinkError(Json.stringOrEmpty(node, "code"), Json.stringOrEmpty(node, "message"),
                Json.optString(node, "reason"), Json.optString(node, "details"), node);
    }

    @Override
    public JsonNode json() {
        return json.deepCopy();
    }
}
