package dev.passage.sandbox.web;

import java.security.SecureRandom;

/** Random ids in a portal's own format, for cards saved while the portal runs. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789";
    private static final String DIGITS = "0123456789";

    private Ids() {}

    /** {@code prefix} then {@code length} letters and digits. */
    public static String alnum(String prefix, int length) {
        return prefix + pick(ALNUM, length);
    }

    /** {@code prefix} then {@code length} digits. */
    public static String digits(String prefix, int length) {
        return prefix + pick(DIGITS, length);
    }

    private static String pick(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
