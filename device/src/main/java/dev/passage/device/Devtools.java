package dev.passage.device;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The page's own DevTools session, for what Playwright does not offer: a JavaScript world of the
 * runtime's own in the top frame (the page's scripts cannot see or change what runs there, as with the
 * extension's isolated world) and the page's navigation history.
 */
final class Devtools {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String WORLD = "__passage_utility";

    private final Page page;
    private CDPSession session;
    private Integer world;

    Devtools(Page page) {
        this.page = page;
    }

    /**
     * Calls {@code functionDeclaration} with {@code arg} in the runtime's world of the top frame's
     * current document; answers its JSON value.
     */
    JsonNode call(String functionDeclaration, JsonNode arg) {
        try {
            return callOnce(functionDeclaration, arg);
        } catch (PlaywrightException e) {
            // The document changed since the world was made: make one in the new document and try once more.
            world = null;
            return callOnce(functionDeclaration, arg);
        }
    }

    /** The URL of the history entry before the current one, or empty at the start of the history. */
    Optional<String> previousUrl() {
        JsonObject history = session().send("Page.getNavigationHistory");
        int current = history.get("currentIndex").getAsInt();
        JsonArray entries = history.getAsJsonArray("entries");
        return current <= 0 ? Optional.empty() : Optional.of(entries.get(current - 1).getAsJsonObject().get("url").getAsString());
    }

    private JsonNode callOnce(String functionDeclaration, JsonNode arg) {
        JsonObject params = new JsonObject();
        params.addProperty("functionDeclaration", functionDeclaration);
        params.addProperty("executionContextId", world());
        JsonArray args = new JsonArray();
        JsonObject value = new JsonObject();
        value.add("value", arg == null ? com.google.gson.JsonNull.INSTANCE : JsonParser.parseString(arg.toString()));
        args.add(value);
        params.add("arguments", args);
        params.addProperty("returnByValue", true);
        params.addProperty("awaitPromise", true);
        JsonObject answer = session().send("Runtime.callFunctionOn", params);
        if (answer.has("exceptionDetails")) {
            JsonObject details = answer.getAsJsonObject("exceptionDetails");
            JsonElement exception = details.get("exception");
            String text = exception != null && exception.getAsJsonObject().has("description")
                    ? exception.getAsJsonObject().get("description").getAsString() : details.get("text").getAsString();
            throw new IllegalStateException(Chromium.firstLine(text));
        }
        JsonElement result = answer.getAsJsonObject("result").get("value");
        return JSON.readTree(result == null ? "null" : result.toString());
    }

    private int world() {
        if (world == null) {
            String frameId = session().send("Page.getFrameTree").getAsJsonObject("frameTree").getAsJsonObject("frame")
                    .get("id").getAsString();
            JsonObject params = new JsonObject();
            params.addProperty("frameId", frameId);
            params.addProperty("worldName", WORLD);
            params.addProperty("grantUniveralAccess", false);
            world = session().send("Page.createIsolatedWorld", params).get("executionContextId").getAsInt();
        }
        return world;
    }

    private CDPSession session() {
        if (session == null) {
            session = page.context().newCDPSession(page);
        }
        return session;
    }
}
