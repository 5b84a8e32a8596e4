package dev.passage.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The Playwright-like commands a worker may have the client run (SPEC §7), in the SPEC's order. */
public enum Command {
    NAVIGATE("navigate"), RELOAD("reload"), GO_BACK("goBack"), WAIT_FOR_NAVIGATION("waitForNavigation"), CLICK("click"),
    FILL("fill"), SELECT("select"), PRESS("press"), WAIT_FOR_SELECTOR("waitForSelector"), GET_ATTRIBUTE("getAttribute"),
    TEXT_CONTENT("textContent"), INNER_HTML("innerHTML"), IS_VISIBLE("isVisible"), EVALUATE("evaluate"), URL("url"),
    TITLE("title"), CONTENT("content"), SCREENSHOT("screenshot"), WAIT_FOR_NETWORK_IDLE("waitForNetworkIdle"),
    WAIT_FOR_TIMEOUT("waitForTimeout"), UPDATE_STATUS("updateStatus");

    private final String wire;

    Command(String wire) {
        this.wire = wire;
    }

    /** The command's name on the wire, e.g. {@code waitForSelector}. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The command named {@code wire}, or empty when there is none. */
    public static Optional<Command> parse(String wire) {
        return Arrays.stream(values()).filter(c -> c.wire.equals(wire)).findFirst();
    }

    @JsonCreator
    static Command fromWire(String wire) {
        return parse(wire).orElseThrow(() -> new ProtocolException("command '" + Fields.shorten(wire)
                + "' is not one of " + names().stream().sorted().toList()));
    }

    /** Every command's wire name, in the SPEC's order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(Command::wire).toList();
    }

    /** Whether running the command moves the page on (the automation has taken over), not merely looks at it. */
    public boolean movesPage() {
        return switch (this) {
            case NAVIGATE, CLICK, FILL, SELECT, PRESS, GO_BACK, RELOAD -> true;
            default -> false;
        };
    }
}
