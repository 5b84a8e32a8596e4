package dev.passage.server.errors;

import java.util.List;

/** A request whose fields break the rules; each issue names the field by a dot path. */
public final class ValidationException extends PassageException {
    private final List<Issue> issues;

    /** The most issues one answer lists; past it, a last issue says how many more there were. */
    public static final int MAX_ISSUES = 100;

    public ValidationException(List<Issue> issues) {
        super("Validation failed");
        if (issues.size() > MAX_ISSUES) {
            List<Issue> first = new java.util.ArrayList<>(issues.subList(0, MAX_ISSUES));
            first.add(new Issue("…", (issues.size() - MAX_ISSUES) + " more issues are not listed"));
            this.issues = List.copyOf(first);
        } else {
            this.issues = List.copyOf(issues);
        }
    }

    public static ValidationException of(String path, String message) {
        return new ValidationException(List.of(new Issue(path, message)));
    }

    public List<Issue> issues() {
        return issues;
    }

    /** One broken rule: {@code path} like {@code operations.0.arguments.cvv}. */
    public record Issue(String path, String message) {}
}
