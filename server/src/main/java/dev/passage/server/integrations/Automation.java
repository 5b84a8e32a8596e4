package dev.passage.server.integrations;

import dev.passage.protocol.Command;
import dev.passage.protocol.FailureReason;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import tools.jackson.databind.JsonNode;

/**
 * An integration's automation, typed once its file is loaded: where its portal is, how the person
 * logs in, and the steps of each operation. Strings in it are templates ({@link Templates}),
 * resolved when a session runs.
 *
 * @param operations steps keyed {@code "<resource>.<action>"}
 */
public record Automation(BaseUrl baseUrl, Login login, Map<String, OperationSteps> operations) {

    /** The sandbox portal it runs against in sandbox mode, and the {@code automation.live-base-urls} key otherwise. */
    public record BaseUrl(String sandbox, String live) {}

    /**
     * The login: the page to open, the yield conditions (templates) that hold once the person is logged in,
     * the selectors that mean the site refused them, the one that means it waits for a one-time code
     * (null when the site has no such step), and how many passwords the person may try (empty: the
     * configured {@code automation.login-attempts}).
     */
    public record Login(String url, JsonNode loggedIn, List<Failure> failures, Mfa mfa, OptionalInt attempts) {
        public Login {
            failures = List.copyOf(failures);
        }
    }

    /**
     * Visible while the site waits for a one-time code; {@code message} is what the person is told then, and
     * {@code attempts} how many codes they may try (empty: the configured {@code automation.mfa-attempts}).
     */
    public record Mfa(JsonNode selector, String message, OptionalInt attempts) {}

    /**
     * A failure detector: when {@code selector} (one selector or a list) is visible, the step fails with
     * {@code message} and a reason: the one {@code reasons} gives the page's {@code data-error-code}, else {@code reason}.
     */
    public record Failure(JsonNode selector, String message, FailureReason reason, Map<String, FailureReason> reasons) {
        public Failure {
            reasons = Map.copyOf(reasons);
        }

        /** The reason of this failure when the page says {@code code} (null when it says none). */
        public FailureReason reasonFor(String code) {
            return code != null && reasons.containsKey(code) ? reasons.get(code) : reason;
        }
    }

    /**
     * One operation's steps, in order; {@code status} is what the person is told while it runs ("Reading
     * your payment methods"), null when the file gives none.
     */
    public record OperationSteps(String description, String status, List<Step> steps) {}

    /**
     * A step of an operation; each may be guarded by {@code when} / {@code unless} templates and carry
     * a {@code status} for the person, shown when the step starts.
     */
    public sealed interface Step {
        Guard guard();

        /** {@code {"command", "args", "optional"?}}: one protocol command; {@code optional} ignores its failure. */
        record Run(Command command, JsonNode args, boolean optional, Guard guard) implements Step {}

        /** {@code {"extract", "into"}}: one evaluate of the generic extractor, its value put at {@code into} (a dot path). */
        record Extract(JsonNode spec, String into, Guard guard) implements Step {}

        /** {@code {"set"}}: values put into the result. */
        record Set(JsonNode values, Guard guard) implements Step {}

        /** {@code {"count", "into"}}: the size of the list at {@code path} of the result, put at {@code into}. */
        record Count(String path, String into, Guard guard) implements Step {}

        /** {@code {"failIf", "message"}}: the step fails when the selector is visible. */
        record FailIf(Failure failure, Guard guard) implements Step {}
    }

    /**
     * {@code when} (run only if truthy) and {@code unless} (skip if truthy), templates or null; and the
     * step's {@code status} (plain text, never a template: it may not show arguments), or null.
     */
    public record Guard(JsonNode when, JsonNode unless, String status) {
        static final Guard ALWAYS = new Guard(null, null, null);
    }

    /** The steps of {@code resource}.{@code action}. */
    public Optional<OperationSteps> steps(String resource, String action) {
        return Optional.ofNullable(operations.get(resource + "." + action));
    }
}
