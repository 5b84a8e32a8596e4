package dev.passage.server.links;

import dev.passage.server.config.PassageConfig;
import dev.passage.server.errors.Issues;
import dev.passage.server.json.Json;
import dev.passage.server.integrations.Integration;
import dev.passage.server.integrations.IntegrationRegistry;
import dev.passage.server.integrations.Operation;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Checks a {@code POST /v1/links} body field by field, reporting every issue with its dot path at once. */
final class LinkRequests {
    private static final Set<String> FIELDS = Set.of("integrationId", "resource", "action", "arguments", "operations",
            "externalUserId", "webhookUrl", "returnUrl", "debug", "expiresIn");
    private static final Set<String> OPERATION_FIELDS = Set.of("resource", "action", "arguments");
    static final int MAX_OPERATIONS = 20;
    static final int MAX_EXTERNAL_USER_ID = 255;
    static final int MAX_URL = 2048;
    static final int MIN_EXPIRES_IN = 1;
    /** Schemes a returnUrl may never use: they run code or read local files where the person's browser opens them. */
    private static final Set<String> UNSAFE_SCHEMES = Set.of("javascript", "data", "file", "vbscript", "about", "blob",
            "filesystem", "view-source", "chrome", "chrome-extension", "moz-extension", "ws", "wss", "ftp", "jar");

    private final IntegrationRegistry registry;
    private final PassageConfig config;

    LinkRequests(IntegrationRegistry registry, PassageConfig config) {
        this.registry = registry;
        this.config = config;
    }

    NewLink parse(ObjectNode body) {
        Issues issues = new Issues();
        body.propertyNames().stream().filter(name -> !FIELDS.contains(name)).sorted()
                .forEach(name -> issues.add(name, "is not a known field"));

        Optional<Integration> integration = requiredString(body, "integrationId", issues).flatMap(id -> {
            Optional<Integration> found = registry.find(id);
            if (found.isEmpty()) {
                issues.add("integrationId", "unknown integration '" + id + "'; known: "
                        + registry.all().stream().map(Integration::id).collect(Collectors.joining(", ")));
            }
            return found;
        });

        List<NewLink.Requested> operations = operations(body, integration, issues);
        String externalUserId = optionalString(body, "externalUserId", MAX_EXTERNAL_USER_ID, issues);
        String webhookUrl = webhookUrl(body, issues);
        String returnUrl = returnUrl(body, issues);
        boolean debug = false;
        JsonNode debugNode = present(body, "debug");
        if (debugNode != null) {
            if (debugNode.isBoolean()) {
                debug = debugNode.asBoolean();
            } else {
                issues.add("debug", "must be a boolean, not " + Json.describe(debugNode));
            }
        }
        Duration expiresIn = expiresIn(body, issues);
        if (expiresIn != null && carriesSecrets(operations)) {
            Duration maxSecret = config.links().maxSecretExpiresIn();
            if (present(body, "expiresIn") == null) {
                expiresIn = expiresIn.compareTo(maxSecret) > 0 ? maxSecret : expiresIn;
            } else if (expiresIn.compareTo(maxSecret) > 0) {
                issues.add("expiresIn", "must be at most " + maxSecret.toSeconds()
                        + " seconds for a link that carries secret arguments");
            }
        }
        issues.throwIfAny();
        return new NewLink(integration.orElseThrow(), operations, externalUserId, webhookUrl, returnUrl, debug, expiresIn);
    }

    private List<NewLink.Requested> operations(ObjectNode body, Optional<Integration> integration, Issues issues) {
        boolean single = present(body, "resource") != null || present(body, "action") != null;
        JsonNode list = present(body, "operations");
        if (single && list != null) {
            issues.add("operations", "give either resource and action, or operations, not both");
            return List.of();
        }
        if (list == null) {
            if (!single) {
                issues.add("resource", "is required (or give operations)");
                issues.add("action", "is required (or give operations)");
                return List.of();
            }
            return one(body, "", integration, issues).map(List::of).orElse(List.of());
        }
        if (present(body, "arguments") != null) {
            issues.add("arguments", "belongs inside each operation when operations is given");
        }
        if (!list.isArray()) {
            issues.add("operations", "must be an array, not " + Json.describe(list));
            return List.of();
        }
        if (list.isEmpty() || list.size() > MAX_OPERATIONS) {
            issues.add("operations", "must hold 1 to " + MAX_OPERATIONS + " operations");
            return List.of();
        }
        List<NewLink.Requested> operations = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "operations." + i;
            JsonNode element = list.get(i);
            if (!(element instanceof ObjectNode op)) {
                issues.add(path, "must be an object, not " + Json.describe(element));
                continue;
            }
            op.propertyNames().stream().filter(name -> !OPERATION_FIELDS.contains(name)).sorted()
                    .forEach(name -> issues.add(path + "." + name, "is not a known field"));
            // The same operation may appear twice (two cards written in one link): results keep them apart by position.
            one(op, path + ".", integration, issues).ifPresent(operations::add);
        }
        return operations;
    }

    /** Parses resource, action and arguments found in {@code node}, with paths under {@code prefix}. */
    private Optional<NewLink.Requested> one(ObjectNode node, String prefix, Optional<Integration> integration, Issues issues) {
        Optional<String> resource = requiredString(node, prefix + "resource", "resource", issues);
        Optional<String> action = requiredString(node, prefix + "action", "action", issues);
        JsonNode arguments = present(node, "arguments");
        if (arguments != null && !arguments.isObject()) {
            issues.add(prefix + "arguments", "must be an object, not " + Json.describe(arguments));
            return Optional.empty();
        }
        if (integration.isEmpty() || resource.isEmpty() || action.isEmpty()) {
            return Optional.empty();
        }
        Integration in = integration.get();
        Optional<Integration.Resource> r = in.resource(resource.get());
        if (r.isEmpty()) {
            issues.add(prefix + "resource", "unknown resource '" + resource.get() + "' for " + in.id() + "; known: "
                    + in.resources().stream().map(Integration.Resource::name).collect(Collectors.joining(", ")));
            return Optional.empty();
        }
        Optional<Operation> op = in.operation(resource.get(), action.get());
        if (op.isEmpty()) {
            issues.add(prefix + "action", "unknown action '" + action.get() + "' for " + in.id() + "." + resource.get()
                    + "; known: " + r.get().operations().stream().map(Operation::action).collect(Collectors.joining(", ")));
            return Optional.empty();
        }
        var argumentIssues = op.get().validateArguments(arguments, prefix + "arguments");
        issues.addAll(argumentIssues);
        if (!argumentIssues.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new NewLink.Requested(op.get(), (ObjectNode) arguments));
    }

    private String webhookUrl(ObjectNode body, Issues issues) {
        String raw = optionalString(body, "webhookUrl", MAX_URL, issues);
        if (raw == null) {
            return null;
        }
        try {
            URI uri = new URI(raw);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("https") && !(scheme.equals("http") && !config.isProduction())) {
                issues.add("webhookUrl", config.isProduction() ? "must be an https:// URL" : "must be an http:// or https:// URL");
            } else if (uri.getHost() == null || uri.getHost().isBlank()) {
                issues.add("webhookUrl", "must name a host");
            } else if (uri.getPort() == 0 || uri.getPort() > 65535) {
                issues.add("webhookUrl", "has a port out of range (1 to 65535)");
            } else if (uri.getRawUserInfo() != null) {
                issues.add("webhookUrl", "must not carry a user name or password");
            } else if (uri.getFragment() != null) {
                issues.add("webhookUrl", "must not have a #fragment");
            } else {
                return scheme + raw.substring(uri.getScheme().length()); // HTTPS://… is kept as https://…
            }
        } catch (URISyntaxException e) {
            issues.add("webhookUrl", "is not a valid URL");
        }
        return raw;
    }

    /**
     * Where the person goes when the session ends: {@code https://…}, {@code http://…} outside
     * production, or an app's own scheme ({@code myapp://callback}); never a scheme that runs code.
     */
    private String returnUrl(ObjectNode body, Issues issues) {
        String raw = optionalString(body, "returnUrl", MAX_URL, issues);
        if (raw == null) {
            return null;
        }
        try {
            URI uri = new URI(raw);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (scheme.isEmpty() || !uri.isAbsolute()) {
                issues.add("returnUrl", "must be an absolute URL: https://… or your app's own scheme (myapp://…)");
            } else if (scheme.equals("http") && config.isProduction()) {
                issues.add("returnUrl", "must be https:// (or your app's own scheme) in production");
            } else if (UNSAFE_SCHEMES.contains(scheme)) {
                issues.add("returnUrl", "must not use the " + scheme + ": scheme");
            } else if ((scheme.equals("http") || scheme.equals("https")) && (uri.getHost() == null || uri.getHost().isBlank())) {
                issues.add("returnUrl", "must name a host");
            } else if (uri.getRawUserInfo() != null) {
                issues.add("returnUrl", "must not carry a user name or password");
            }
        } catch (URISyntaxException e) {
            issues.add("returnUrl", "is not a valid URL");
        }
        return raw;
    }

    /** Whether any requested operation is given one of its secret arguments (a card number to write). */
    private static boolean carriesSecrets(List<NewLink.Requested> operations) {
        return operations.stream().anyMatch(r -> r.arguments() != null
                && r.operation().secretArguments().stream().anyMatch(r.arguments()::has));
    }

    private Duration expiresIn(ObjectNode body, Issues issues) {
        JsonNode node = present(body, "expiresIn");
        Duration max = config.links().maxExpiresIn();
        if (node == null) {
            return config.links().defaultExpiresIn();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            issues.add("expiresIn", "must be a whole number of seconds, not " + Json.describe(node));
            return null;
        }
        long seconds = node.asLong();
        if (seconds < MIN_EXPIRES_IN || seconds > max.toSeconds()) {
            issues.add("expiresIn", "must be from " + MIN_EXPIRES_IN + " to " + max.toSeconds() + " seconds");
            return null;
        }
        return Duration.ofSeconds(seconds);
    }

    /** The field's value, or null when it is absent or JSON null (both mean "not given"). */
    private static JsonNode present(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private static Optional<String> requiredString(ObjectNode node, String field, Issues issues) {
        return requiredString(node, field, field, issues);
    }

    private static Optional<String> requiredString(ObjectNode node, String path, String field, Issues issues) {
        JsonNode value = present(node, field);
        if (value == null) {
            issues.add(path, "is required");
            return Optional.empty();
        }
        if (!value.isString() || value.asString().isBlank()) {
            issues.add(path, "must be a non-empty string");
            return Optional.empty();
        }
        return Optional.of(value.asString());
    }

    private static String optionalString(ObjectNode node, String field, int maxLength, Issues issues) {
        JsonNode value = present(node, field);
        if (value == null) {
            return null;
        }
        if (!value.isString() || value.asString().isEmpty() || value.asString().length() > maxLength) {
            issues.add(field, "must be a string of 1 to " + maxLength + " characters");
            return null;
        }
        return value.asString();
    }
}
