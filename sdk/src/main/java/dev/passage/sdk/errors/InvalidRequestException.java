package dev.passage.sdk.errors;

import java.util.List;

/**
 * 400, 413, 415 or 422: the server refused the request as written. For validation failures,
 * {@link #issues()} names every broken field by its dot path ({@code operations.0.arguments.cvv}).
 */
public final class InvalidRequestException extends PassageException {
    private final List<Issue> issues;

    /**
     * One broken rule.
     *
     * @param path the field's dot path, e.g. {@code operations.0.arguments.cvv}
     * @param message what is wrong with it
     */
    public record Issue(String path, String message) {}

    /** A refused request and its issues (empty when the server listed none). */
    public InvalidRequestException(int statusCode, String errorMessage, String requestId, List<Issue> issues) {
        super(statusCode, errorMessage, detail(issues), requestId, null);
        this.issues = List.copyOf(issues);
    }

    private static String detail(List<Issue> issues) {
        if (issues.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(":");
        issues.forEach(i -> out.append(' ').append(i.path()).append(' ').append(i.message()).append(';'));
        out.setLength(out.length() - 1);
        return out.toString();
    }

    /** Every issue the server found, each with its path. */
    public List<Issue> issues() {
        return issues;
    }
}
