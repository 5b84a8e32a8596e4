package dev.passage.device;

import com.microsoft.playwright.ElementHandle;
import dev.passage.protocol.Command;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.LoadState;
import com.microsoft.playwright.options.WaitForSelectorState;
import com.microsoft.playwright.options.WaitUntilState;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the protocol's Playwright-like commands on one page and answers each with a JSON value.
 * Every command takes its arguments as a JSON object; an optional {@code timeout} (ms) bounds waits.
 * Like the extension's {@code lib/commands.js}, it acts only on the integration's origins: navigate goes
 * nowhere else, and a command that reads or touches the page is refused while the page is elsewhere
 * ({@code ORIGIN_NOT_ALLOWED}).
 */
public final class PageCommands {
    static final double DEFAULT_TIMEOUT_MS = 15_000;
    static final long MAX_WAIT_MS = 120_000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Commands that do not look at the page, so they run whatever origin it is on. */
    private static final Set<Command> ANY_ORIGIN = EnumSet.of(Command.NAVIGATE, Command.WAIT_FOR_TIMEOUT, Command.UPDATE_STATUS);

    private final Page page;
    private final Supplier<List<String>> allowedOrigins;
    private final Consumer<JsonNode> status;
    private Devtools devtools;

    /**
     * Commands on {@code page}, which may act only on {@code allowedOrigins} (the server's list for the
     * integration, {@link Origins}); {@code status} takes updateStatus's arguments (the overlay shows them).
     */
    public PageCommands(Page page, Supplier<List<String>> allowedOrigins, Consumer<JsonNode> status) {
        this.page = page;
        this.allowedOrigins = allowedOrigins;
        this.status = status;
    }

    /** Runs the command named {@code name} with {@code args}; throws {@link CommandFailure} when it cannot be done. */
    public JsonNode run(String name, JsonNode args) {
        Command command = Command.parse(name)
                .orElseThrow(() -> new CommandFailure("UNKNOWN_COMMAND", "Unknown command '" + name + "'"));
        return run(command, args);
    }

    /** Runs {@code command} with {@code args}; throws {@link CommandFailure} when it cannot be done. */
    public JsonNode run(Command command, JsonNode args) {
        String name = command.wire();
        JsonNode a = args == null || args.isNull() ? NODES.objectNode() : args;
        if (!a.isObject()) {
            throw new CommandFailure("BAD_ARGUMENTS", name + " takes an object of arguments");
        }
        if (!ANY_ORIGIN.contains(command)) {
            Origins.checkCurrent(page.url(), allowedOrigins.get());
        }
        try {
            return switch (command) {
                case NAVIGATE -> {
                    String url = Origins.checkNavigation(text(a, "url"), page.url(), allowedOrigins.get());
                    com.microsoft.playwright.Response response = page.navigate(url,
                            new Page.NavigateOptions().setTimeout(timeout(a)).setWaitUntil(waitUntil(a)));
                    ObjectNode out = urlResult();
                    if (response != null) {
                        out.put("status", response.status());
                    }
                    yield out;
                }
                case RELOAD -> {
                    page.reload(new Page.ReloadOptions().setTimeout(timeout(a)).setWaitUntil(waitUntil(a)));
                    yield urlResult();
                }
                case GO_BACK -> {
                    Optional<String> previous = devtools().previousUrl().flatMap(Origins::httpOrigin);
                    if (previous.isPresent() && !allowedOrigins.get().contains(previous.get())) {
                        throw new CommandFailure("ORIGIN_NOT_ALLOWED", "goBack would leave for " + previous.get()
                                + ", which this integration does not use");
                    }
                    page.goBack(new Page.GoBackOptions().setTimeout(timeout(a)).setWaitUntil(waitUntil(a)));
                    yield urlResult();
                }
                case WAIT_FOR_NAVIGATION -> {
                    String pattern = a.path("url").asString("");
                    if (pattern.isEmpty()) {
                        page.waitForLoadState(LoadState.LOAD, new Page.WaitForLoadStateOptions().setTimeout(timeout(a)));
                    } else {
                        page.waitForURL(java.util.regex.Pattern.compile(pattern),
                                new Page.WaitForURLOptions().setTimeout(timeout(a)));
                    }
                    yield urlResult();
                }
                case CLICK -> {
                    locator(a).click(new Locator.ClickOptions().setTimeout(timeout(a)));
                    yield NODES.nullNode();
                }
                case FILL -> {
                    locator(a).fill(text(a, "value"), new Locator.FillOptions().setTimeout(timeout(a)));
                    yield NODES.nullNode();
                }
                case SELECT -> {
                    List<String> values = a.path("values").isArray()
                            ? a.path("values").valueStream().map(JsonNode::asString).toList()
                            : List.of(text(a, "value"));
                    List<String> chosen = locator(a).selectOption(values.toArray(String[]::new),
                            new Locator.SelectOptionOptions().setTimeout(timeout(a)));
                    var out = NODES.arrayNode();
                    chosen.forEach(out::add);
                    yield out;
                }
                case PRESS -> {
                    String key = text(a, "key");
                    if (a.hasNonNull("selector")) {
                        locator(a).press(key, new Locator.PressOptions().setTimeout(timeout(a)));
                    } else {
                        page.keyboard().press(key);
                    }
                    yield NODES.nullNode();
                }
                case WAIT_FOR_SELECTOR -> {
                    ElementHandle handle = page.waitForSelector(text(a, "selector"), new Page.WaitForSelectorOptions()
                            .setTimeout(timeout(a)).setState(state(a)));
                    yield NODES.booleanNode(handle != null);
                }
                case GET_ATTRIBUTE -> nullable(locator(a).getAttribute(text(a, "name"),
                        new Locator.GetAttributeOptions().setTimeout(timeout(a))));
                case TEXT_CONTENT -> nullable(locator(a).textContent(new Locator.TextContentOptions().setTimeout(timeout(a))));
                case INNER_HTML -> NODES.stringNode(locator(a).innerHTML(new Locator.InnerHTMLOptions().setTimeout(timeout(a))));
                case IS_VISIBLE -> NODES.booleanNode(page.locator(text(a, "selector")).first().isVisible());
                case EVALUATE -> evaluate(a);
                case URL -> NODES.stringNode(page.url());
                case TITLE -> NODES.stringNode(page.title());
                case CONTENT -> NODES.stringNode(page.content());
                case SCREENSHOT -> {
                    byte[] png = page.screenshot(new Page.ScreenshotOptions().setFullPage(a.path("fullPage").asBoolean(false))
                            .setTimeout(timeout(a)));
                    ObjectNode out = NODES.objectNode();
                    out.put("mimeType", "image/png");
                    out.put("data", Base64.getEncoder().encodeToString(png));
                    yield out;
                }
                case WAIT_FOR_NETWORK_IDLE -> {
                    page.waitForLoadState(LoadState.NETWORKIDLE, new Page.WaitForLoadStateOptions().setTimeout(timeout(a)));
                    yield NODES.nullNode();
                }
                case WAIT_FOR_TIMEOUT -> {
                    long ms = a.path("ms").asLong(a.path("timeout").asLong(0));
                    if (ms < 0 || ms > MAX_WAIT_MS) {
                        throw new CommandFailure("BAD_ARGUMENTS", "waitForTimeout takes ms from 0 to " + MAX_WAIT_MS);
                    }
                    page.waitForTimeout(ms);
                    yield NODES.nullNode();
                }
                case UPDATE_STATUS -> {
                    status.accept(a);
                    yield NODES.nullNode();
                }
            };
        } catch (TimeoutError e) {
            throw new CommandFailure("TIMEOUT", name + " timed out: " + Chromium.firstLine(e.getMessage()));
        } catch (PlaywrightException e) {
            throw new CommandFailure("PAGE_ERROR", name + " failed: " + Chromium.firstLine(e.getMessage()));
        }
    }

    private Devtools devtools() {
        if (devtools == null) {
            devtools = new Devtools(page);
        }
        return devtools;
    }

    private JsonNode evaluate(JsonNode a) {
        String expression = a.hasNonNull("expression") ? text(a, "expression") : text(a, "script");
        Object arg = a.has("arg") ? JSON.convertValue(a.get("arg"), Object.class) : null;
        // Round-trip through JSON.stringify so the answer is plain JSON whatever the page returns.
        Object raw = page.evaluate("async ([source, arg]) => { const fn = eval('(' + source + ')');"
                + " const value = typeof fn === 'function' ? await fn(arg) : await fn;"
                + " return JSON.stringify(value === undefined ? null : value); }", List.of(expression, arg == null ? "" : arg));
        return JSON.readTree(raw == null ? "null" : raw.toString());
    }

    private ObjectNode urlResult() {
        ObjectNode out = NODES.objectNode();
        out.put("url", page.url());
        return out;
    }

    private Locator locator(JsonNode a) {
        Locator locator = page.locator(text(a, "selector"));
        return a.path("nth").isInt() ? locator.nth(a.get("nth").asInt()) : locator.first();
    }

    private static JsonNode nullable(String value) {
        return value == null ? NODES.nullNode() : NODES.stringNode(value);
    }

    private static String text(JsonNode a, String field) {
        JsonNode v = a.get(field);
        if (v == null || !v.isString()) {
            throw new CommandFailure("BAD_ARGUMENTS", "'" + field + "' must be a string");
        }
        return v.asString();
    }

    private static double timeout(JsonNode a) {
        double t = a.path("timeout").asDouble(DEFAULT_TIMEOUT_MS);
        return Math.max(0, Math.min(t, MAX_WAIT_MS));
    }

    private static WaitUntilState waitUntil(JsonNode a) {
        return switch (a.path("waitUntil").asString("load").toLowerCase(Locale.ROOT)) {
            case "domcontentloaded" -> WaitUntilState.DOMCONTENTLOADED;
            case "networkidle" -> WaitUntilState.NETWORKIDLE;
            case "commit" -> WaitUntilState.COMMIT;
            default -> WaitUntilState.LOAD;
        };
    }

    private static WaitForSelectorState state(JsonNode a) {
        return switch (a.path("state").asString("visible").toLowerCase(Locale.ROOT)) {
            case "attached" -> WaitForSelectorState.ATTACHED;
            case "detached" -> WaitForSelectorState.DETACHED;
            case "hidden" -> WaitForSelectorState.HIDDEN;
            default -> WaitForSelectorState.VISIBLE;
        };
    }
}
