package dev.passage.server.web;

import dev.passage.server.integrations.Integration;
import dev.passage.server.links.Link;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a link is for, in words a person reads before linking: "Acme wants to read your T-Mobile
 * payment methods and billing statements". Built from the operations' resource names, never from
 * their arguments.
 */
public final class LinkPurpose {
    private LinkPurpose() {}

    /** One operation in words: its phrase and the integration file's description of it. */
    public record Step(String phrase, String description) {}

    /** "{organization} wants to …" for the link's operations. */
    public static String sentence(String organization, Integration integration, List<Link.LinkOperation> operations) {
        Set<String> reads = new LinkedHashSet<>();
        Set<String> others = new LinkedHashSet<>();
        for (Link.LinkOperation op : operations) {
            if (op.action().equals("read")) {
                reads.add(noun(op.resource()));
            } else {
                others.add(phrase(integration.name(), op.resource(), op.action()));
            }
        }
        List<String> clauses = new ArrayList<>();
        if (!reads.isEmpty()) {
            clauses.add("read your " + integration.name() + " " + and(List.copyOf(reads)));
        }
        clauses.addAll(others);
        return organization + " wants to " + and(clauses) + ".";
    }

    /** Each operation with its phrase and description, in the link's order. */
    public static List<Step> steps(Integration integration, List<Link.LinkOperation> operations) {
        return operations.stream().map(op -> new Step(capitalize(phrase(integration.name(), op.resource(), op.action())),
                integration.operation(op.resource(), op.action()).map(o -> o.description()).orElse(""))).toList();
    }

    static String phrase(String service, String resource, String action) {
        return switch (action) {
            case "read" -> "read your " + service + " " + noun(resource);
            case "write" -> resource.equals("paymentMethod") ? "add a card to your " + service + " account"
                    : "change your " + service + " " + noun(resource);
            default -> action + " your " + service + " " + noun(resource);
        };
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

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
