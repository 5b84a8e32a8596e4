package dev.passage.server.errors;

import java.util.ArrayList;
import java.util.List;

/** Collects validation issues while a request is checked, then throws them together. */
public final class Issues {
    private final List<ValidationException.Issue> issues = new ArrayList<>();

    public void add(String path, String message) {
        issues.add(new ValidationException.Issue(path, message));
    }

    public void addAll(List<ValidationException.Issue> more) {
        issues.addAll(more);
    }

    public boolean isEmpty() {
        return issues.isEmpty();
    }

    /** Throws a {@link ValidationException} holding every issue, if there is any. */
    public void throwIfAny() {
        if (!issues.isEmpty()) {
            throw new ValidationException(issues);
        }
    }
}
