package dev.passage.server.errors;

/**
 * Text that comes from outside Passage (a device's error, a service's page, a worker's message) made
 * fit to store, send in a webhook and show to a person: control and format characters taken out
 * (no terminal escapes, no bidirectional overrides), each run of whitespace one space, and at most
 * {@code max} characters, cut with an ellipsis. It stays text: showing it as HTML still needs escaping.
 */
public final class OutsideText {
    /** The longest error message a link keeps: Passage's own words first. */
    public static final int MESSAGE = 300;
    /** The longest {@code details} (what the device or the page said) a link keeps. */
    public static final int DETAILS = 1000;

    private OutsideText() {}

    /** The text bounded, or null when it is null or nothing is left of it. */
    public static String bound(String text, int max) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max + 1));
        boolean space = false;
        int count = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                space = out.length() > 0;
                continue;
            }
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE || type == Character.UNASSIGNED) {
                continue;
            }
            if (space) {
                if (count + 1 >= max) {
                    return out.append('…').toString();
                }
                out.append(' ');
                count++;
                space = false;
            }
            if (count + 1 >= max && i < text.length()) {
                return out.append('…').toString();
            }
            out.appendCodePoint(cp);
            count++;
        }
        return out.length() == 0 ? null : out.toString();
    }
}
