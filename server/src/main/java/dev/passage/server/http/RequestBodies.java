package dev.passage.server.http;

import dev.passage.server.errors.Issues;
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
        try {
            // Strict: an overlong form (C0 AF for '/'), a lone surrogate's bytes or a cut sequence is refused.
            java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new PassageException.BadRequest("Request body is not valid UTF-8.");
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
        Issues issues = new Issues();
        loneSurrogates(object, "", issues);
        issues.throwIfAny();
        return object;
    }

    /**
     * A {@code \ud800} escape decodes to half a character, which no database stores faithfully (SQLite
     * writes '?'): every string and field name must be whole Unicode.
     */
    private static void loneSurrogates(JsonNode node, String path, Issues issues) {
        if (node.isString()) {
            if (!wholeUnicode(node.asString())) {
                issues.add(path, "is not valid Unicode (it holds half of a surrogate pair)");
            }
        } else if (node.isObject()) {
            for (var field : node.properties()) {
                String name = field.getKey();
                String at = path.isEmpty() ? name : path + "." + name;
                if (!wholeUnicode(name)) {
                    issues.add(path.isEmpty() ? "(field name)" : path, "has a field name that is not valid Unicode");
                } else {
                    loneSurrogates(field.getValue(), at, issues);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                loneSurrogates(node.get(i), path.isEmpty() ? Integer.toString(i) : path + "." + i, issues);
            }
        }
    }

    private static boolean wholeUnicode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    static boolean isJson(String contentType) {
        String mime = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json"));
    }

}
