package dev.passage.server.errors;

import java.util.List;

/** A request whose fields break the rules; each issue names the field by a dot path. */
public final class ValidationException extends PassageException {
    private final List<Issue> issues;

    public ValidationException(List<Issue> issues) {
        super("Validation failed");
        this.issues = List.copyOf(issues);
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
