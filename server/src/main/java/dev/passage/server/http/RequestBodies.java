package dev.passage.server.http;

import dev.passage.server.errors.PassageException;
import io.javalin.http.Context;
import dev.passage.server.json.Json;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads request bodies as JSON objects, turning every way a body can be wrong into a clear 4xx. */
public final class RequestBodies {
    private RequestBodies() {}

    /** The body as a JSON object; 415 for another content type, 400 for anything but one JSON object. */
    public static ObjectNode jsonObject(Context ctx) {
        String contentType = ctx.contentType();
        if (contentType == null || !isJson(contentType)) {
            throw new PassageException.UnsupportedMediaType(
                    "Content-Type must be application/json, not " + (contentType == null ? "missing" : "'" + contentType + "'") + ".");
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw new PassageException.BadRequest("Request body is empty; send a JSON object.");
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(body);
        } catch (JacksonException e) {
            // The parser's own message can quote the offending text, which may be a secret: say where, not what.
            TokenStreamLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new PassageException.BadRequest("Request body is not valid JSON" + where + ".");
        }
        if (node == null || node.isMissingNode()) {
            throw new PassageException.BadRequest("Request body is empty; send a JSON object.");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new PassageException.BadRequest("Request body must be a JSON object, not " + Json.describe(node) + ".");
        }
        return object;
    }

    static boolean isJson(String contentType) {
        String mime = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json"));
    }

}
