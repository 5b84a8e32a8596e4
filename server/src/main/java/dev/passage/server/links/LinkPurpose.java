package dev.passage.server.links;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a link is for, in words a person reads before linking: "Acme wants to read your T-Mobile
 * payment methods and billing statements". The one source of these words: {@code GET /link/info}
 * carries them (so the extension's consent page and the web SDK's modal say the same), and the link
 * page and the dashboard use them. Built from the operations' resource and action names, never from
 * their arguments, and never with the integration file's developer notes.
 */
public final class LinkPurpose {
    private LinkPurpose() {}

    /**
     * "{organization} wants to …" for {@code operations} on {@code service} (the integration's name),
     * without a closing full stop, so it can also be a title. Reads of one service are said once:
     * "read your T-Mobile payment methods and billing statements".
     */
    public static String sentence(String organization, String service, List<Link.LinkOperation> operations) {
        Set<String> reads = new LinkedHashSet<>();
        Set<String> others = new LinkedHashSet<>();
        for (Link.LinkOperation op : operations) {
            if (op.action().equals("read")) {
                reads.add(noun(op.resource()));
            } else {
                others.add(phrase(service, op.resource(), op.action()));
            }
        }
        List<String> clauses = new ArrayList<>();
        if (!reads.isEmpty()) {
            clauses.add("read your " + service + " " + and(List.copyOf(reads)));
        }
        clauses.addAll(others);
        return organization + " wants to " + (clauses.isEmpty() ? "use your " + service + " account" : and(clauses));
    }

    /** One operation in words, lower case: "read your T-Mobile payment methods", "add a payment card to your AT&T account". */
    public static String phrase(String service, String resource, String action) {
        return switch (action) {
            case "read" -> "read your " + service + " " + noun(resource);
            case "write" -> resource.equals("paymentMethod") ? "add a payment card to your " + service + " account"
                    : "change your " + service + " " + noun(resource);
            default -> action + " your " + service + " " + noun(resource);
        };
    }

    /**
     * Why the last try of a link did not finish, for the person (the error's message is for the
     * integrator): from the error's reason, e.g. "T-Mobile did not accept the username or password".
     */
    public static String lastTry(Link.LinkError error, String service) {
        String reason = error == null || error.reason() == null ? "" : error.reason();
        return switch (reason) {
            case "invalid_credentials" -> service + " did not accept the username or password.";
            case "account_locked" -> service + " says the account is locked.";
            case "mfa_failed" -> "The one-time code was not accepted.";
            case "mfa_timeout" -> "The one-time code was not entered in time.";
            case "login_timeout" -> "Logging in to " + service + " was not finished in time.";
            case "user_cancelled" -> "It was declined.";
            case "site_changed", "site_unavailable" -> service + "'s website could not be used just then.";
            case "device_timeout", "connection_lost" -> "The device lost its connection.";
            default -> "It stopped before it finished.";
        };
    }

    /** {@code s} with its first letter in upper case (a phrase as a list item). */
    public static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A resource's name as a plural noun: {@code mobileBillingStatement} → "billing statements". */
    static String noun(String resource) {
        return switch (resource) {
            case "paymentMethod" -> "payment methods";
            case "mobileBillingStatement" -> "billing statements";
            case "orderHistory" -> "order history";
            case "readHistory" -> "reading history";
            default -> {
                String words = resource.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
                yield words.endsWith("history") || words.endsWith("s") ? words : words + "s";
            }
        };
    }

    private static String and(List<String> parts) {
        return switch (parts.size()) {
            case 0 -> "";
            case 1 -> parts.getFirst();
            case 2 -> parts.get(0) + " and " + parts.get(1);
            default -> String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.getLast();
        };
    }
}
