package dev.passage.sandbox.testing;

/** Small helpers for reading values out of rendered pages. */
public final class Html {
    private Html() {}

    /** Every text between a {@code start} and the next {@code end}, in page order. */
    public static java.util.List<String> all(String body, String start, String end) {
        java.util.List<String> found = new java.util.ArrayList<>();
        for (int at = body.indexOf(start); at >= 0; at = body.indexOf(start, at + 1)) {
            int from = at + start.length();
            found.add(body.substring(from, body.indexOf(end, from)));
        }
        return found;
    }

    /** The text between the first {@code start} and the next {@code end}. */
    public static String between(String body, String start, String end) {
        int at = body.indexOf(start);
        if (at < 0) {
            throw new AssertionError("'" + start + "' not in the page");
        }
        int from = at + start.length();
        return body.substring(from, body.indexOf(end, from));
    }
}
