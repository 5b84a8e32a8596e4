package dev.passage.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Builds a {@link PassageConfig} from the bundled defaults file, an optional config file, the
 * environment and command-line overrides, in that order of precedence, and validates it.
 */
public final class ConfigLoader {
    static final String DEFAULTS = "/passage-defaults.properties";

    private ConfigLoader() {}

    /** Loads configuration; {@code overrides} are flag values keyed like the defaults file. */
    public static PassageConfig load(Map<String, String> env, Optional<Path> configFile, Map<String, String> overrides) {
        Map<String, String> values = defaults();
        Optional<Path> file = configFile.or(() -> Optional.ofNullable(env.get("PASSAGE_CONFIG"))
                .filter(s -> !s.isBlank()).map(Path::of));
        file.ifPresent(path -> merge(values, readFile(path), path.toString()));
        for (String key : values.keySet()) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                values.put(key, fromEnv);
            }
        }
        merge(values, overrides, "command-line flags");
        return validate(values);
    }

    /** The environment variable that overrides {@code key}. */
    public static String envName(String key) {
        return "PASSAGE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    static Map<String, String> defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new ConfigException("The bundled defaults file " + DEFAULTS + " is missing from the build.");
            }
            Properties props = new Properties();
            props.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> values = new LinkedHashMap<>();
            props.stringPropertyNames().stream().sorted().forEach(k -> values.put(k, props.getProperty(k).trim()));
            return values;
        } catch (IOException e) {
            throw new ConfigException("The bundled defaults file could not be read: " + e.getMessage());
        }
    }

    private static Map<String, String> readFile(Path path) {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            Properties props = new Properties();
            props.load(reader);
            Map<String, String> values = new LinkedHashMap<>();
            props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k).trim()));
            return values;
        } catch (IOException e) {
            throw new ConfigException("The config file " + path + " could not be read: " + e.getMessage() + ".");
        }
    }

    private static void merge(Map<String, String> values, Map<String, String> from, String source) {
        from.forEach((key, value) -> {
            if (!values.containsKey(key)) {
                throw new ConfigException("Unknown configuration key '" + key + "' in " + source
                        + "; the keys are those of passage-defaults.properties.");
            }
            if (value != null) {
                values.put(key, value);
            }
        });
    }

    private static PassageConfig validate(Map<String, String> v) {
        PassageEnv env = PassageEnv.parse(v.get("env"));
        boolean production = env == PassageEnv.PRODUCTION;
        int port = intValue(v, "port", 0, 65535);
        // Sandbox listens on this machine only unless told otherwise.
        String host = optional(v, "host").orElse(production ? "0.0.0.0" : "127.0.0.1");

        URI publicUrl = optional(v, "public-url").map(s -> httpUrl("public-url", s))
                .orElseGet(() -> {
                    if (production) {
                        throw new ConfigException("public-url (PASSAGE_PUBLIC_URL) must be set in production, "
                                + "e.g. https://connect.example.com.");
                    }
                    return URI.create("http://localhost:" + port);
                });
        if (production && !"https".equals(publicUrl.getScheme())) {
            throw new ConfigException("public-url (PASSAGE_PUBLIC_URL) must be an https:// URL in production, not "
                    + publicUrl + ".");
        }
        URI appClipUrl = optional(v, "app-clip-url").map(s -> httpUrl("app-clip-url", s))
                .orElseGet(() -> URI.create(stripSlash(publicUrl.toString()) + "/clip"));

        Path dataDir = optional(v, "data.dir").map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".passage")).toAbsolutePath();
        String dbUrl = optional(v, "database.url").orElse("jdbc:sqlite:" + dataDir.resolve("passage.db"));
        if (!dbUrl.startsWith("jdbc:sqlite:") && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("database.url (PASSAGE_DATABASE_URL) must be a jdbc:sqlite: or "
                    + "jdbc:postgresql: URL, not '" + dbUrl + "'.");
        }
        String synchronous = optional(v, "database.sqlite-synchronous").map(s -> s.toUpperCase(Locale.ROOT))
                .orElse(production ? "FULL" : "NORMAL");
        if (!java.util.Set.of("OFF", "NORMAL", "FULL", "EXTRA").contains(synchronous)) {
            throw new ConfigException("database.sqlite-synchronous (" + envName("database.sqlite-synchronous")
                    + ") must be FULL, EXTRA, NORMAL or OFF, not '" + synchronous + "'.");
        }
        if (production && !java.util.Set.of("FULL", "EXTRA").contains(synchronous)) {
            throw new ConfigException("database.sqlite-synchronous must be FULL or EXTRA in production: with "
                    + synchronous + " a power loss can roll back links that were already acknowledged.");
        }
        var database = new PassageConfig.Database(dbUrl, v.get("database.user"), v.get("database.password"),
                intValue(v, "database.pool-size", 1, 1000), synchronous);
        Optional<String> nodeId = optional(v, "node.id");
        if (nodeId.isPresent() && !nodeId.get().matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new ConfigException("node.id (" + envName("node.id") + ") takes 1 to 64 letters, digits, '.', '_' or '-'.");
        }

        Optional<String> masterKey = optional(v, "secrets.master-key");
        if (production && masterKey.isEmpty()) {
            throw new ConfigException("secrets.master-key (PASSAGE_SECRETS_MASTER_KEY) must be set in production: "
                    + "32 random bytes in base64, e.g. from `openssl rand -base64 32`.");
        }

        Duration defaultTtl = Duration.ofSeconds(intValue(v, "links.default-expires-in-seconds", 1, Integer.MAX_VALUE));
        Duration maxTtl = Duration.ofSeconds(intValue(v, "links.max-expires-in-seconds", 1, Integer.MAX_VALUE));
        if (defaultTtl.compareTo(maxTtl) > 0) {
            throw new ConfigException("links.default-expires-in-seconds must not exceed links.max-expires-in-seconds.");
        }
        var links = new PassageConfig.Links(defaultTtl, maxTtl,
                Duration.ofSeconds(intValue(v, "links.sweep-interval-seconds", 1, 86_400)),
                intValue(v, "claim.rate-limit-per-minute", 1, 10_000_000),
                Duration.ofSeconds(intValue(v, "links.max-secret-expires-in-seconds", 60, Integer.MAX_VALUE)));
        var sessions = new PassageConfig.Sessions(
                Duration.ofSeconds(intValue(v, "sessions.client-connect-timeout-seconds", 1, 86_400)),
                Duration.ofSeconds(intValue(v, "sessions.reconnect-grace-seconds", 1, 86_400)),
                Duration.ofSeconds(intValue(v, "sessions.max-duration-seconds", 1, 7 * 86_400)),
                Duration.ofMillis(intValue(v, "sessions.timeout-check-interval-millis", 10, 3_600_000)),
                intValue(v, "sessions.telemetry-max-events", 100, 10_000_000),
                (long) intValue(v, "sessions.telemetry-max-kib", 64, 16 * 1024 * 1024) * 1024);
        java.util.List<String> proxies = new java.util.ArrayList<>();
        for (String block : optional(v, "http.trusted-proxies").orElse("").split(",")) {
            if (!block.isBlank()) {
                try {
                    dev.passage.server.http.ClientAddress.trusting(java.util.List.of(block));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("http.trusted-proxies (" + envName("http.trusted-proxies")
                            + ") takes IP addresses or address/prefix blocks separated by commas: " + e.getMessage() + ".");
                }
                proxies.add(block.strip());
            }
        }
        var http = new PassageConfig.Http(intValue(v, "http.max-body-bytes", 1024, 64 * 1024 * 1024), proxies,
                intValue(v, "api.rate-limit-per-minute", 1, 10_000_000));

        String level = required(v, "log.level").toUpperCase(Locale.ROOT);
        if (!java.util.Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR").contains(level)) {
            throw new ConfigException("log.level must be one of TRACE, DEBUG, INFO, WARN, ERROR, not '" + level + "'.");
        }
        return new PassageConfig(env, host, port, publicUrl, appClipUrl, database,
                dataDir, masterKey, links, http, sessions,
                optional(v, "integrations.dir").map(Path::of), level, webhooks(v, production), automation(v, production),
                optional(v, "metrics.token"), nodeId,
                Duration.ofSeconds(intValue(v, "cluster.node-timeout-seconds", 3, 86_400)), dashboard(v, production, publicUrl));
    }

    private static PassageConfig.Dashboard dashboard(Map<String, String> v, boolean production, URI publicUrl) {
        boolean https = "https".equals(publicUrl.getScheme());
        boolean secure = optional(v, "dashboard.secure-cookies").map(s -> switch (s.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException("dashboard.secure-cookies (PASSAGE_DASHBOARD_SECURE_COOKIES) must be true, "
                    + "false or empty, not '" + s + "'.");
        }).orElse(https || production);
        if (production && !secure) {
            throw new ConfigException("dashboard.secure-cookies cannot be false in production.");
        }
        Duration ttl = Duration.ofMinutes(intValue(v, "dashboard.session-ttl-minutes", 1, 60 * 24 * 90));
        Duration idle = Duration.ofMinutes(intValue(v, "dashboard.session-idle-minutes", 1, 60 * 24 * 90));
        return new PassageConfig.Dashboard(ttl, idle.compareTo(ttl) > 0 ? ttl : idle,
                intValue(v, "dashboard.sign-in-rate-limit-per-minute", 1, 100_000),
                intValue(v, "dashboard.lockout-failures", 1, 1000),
                Duration.ofMinutes(intValue(v, "dashboard.lockout-minutes", 1, 60 * 24 * 30)),
                Duration.ofHours(intValue(v, "dashboard.invitation-ttl-hours", 1, 24 * 30)), secure);
    }

    private static PassageConfig.Automation automation(Map<String, String> v, boolean production) {
        boolean portals = optional(v, "sandbox.portals").map(s -> switch (s.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException("sandbox.portals must be true or false, not '" + s + "'.");
        }).orElse(!production);
        if (production && portals) {
            throw new ConfigException("sandbox.portals cannot be true in production.");
        }
        Map<String, URI> live = new LinkedHashMap<>();
        for (String pair : optional(v, "automation.live-base-urls").orElse("").split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("automation.live-base-urls takes id=url pairs separated by commas, not '"
                        + pair.trim() + "'.");
            }
            live.put(pair.substring(0, eq).trim(), httpUrl("automation.live-base-urls", pair.substring(eq + 1).trim()));
        }
        return new PassageConfig.Automation(portals, intValue(v, "sandbox.base-port", 0, 65535), live,
                Duration.ofSeconds(intValue(v, "automation.login-timeout-seconds", 1, 86_400)),
                intValue(v, "automation.login-attempts", 1, 20), intValue(v, "automation.mfa-attempts", 1, 20),
                Duration.ofSeconds(intValue(v, "automation.command-timeout-seconds", 1, 3_600)));
    }

    private static PassageConfig.Webhooks webhooks(Map<String, String> v, boolean production) {
        String key = "webhooks.retry-schedule-seconds";
        String raw = required(v, key);
        java.util.List<Duration> schedule = new java.util.ArrayList<>();
        long previous = -1;
        for (String part : raw.split(",", -1)) {
            long seconds;
            try {
                seconds = Long.parseLong(part.trim());
            } catch (NumberFormatException e) {
                seconds = -1;
            }
            if (seconds < 0 || seconds <= previous || seconds > 7 * 86_400 || schedule.size() >= 50) {
                throw new ConfigException(key + " (" + envName(key) + ") must be 1 to 50 strictly increasing whole "
                        + "numbers of seconds from 0 to 604800, separated by commas, like 0,1,5, not '" + raw + "'.");
            }
            schedule.add(Duration.ofSeconds(seconds));
            previous = seconds;
        }
        int timeout = intValue(v, "webhooks.timeout-seconds", 1, 300);
        int lease = intValue(v, "webhooks.lease-seconds", 2, 3600);
        if (lease <= timeout) {
            throw new ConfigException("webhooks.lease-seconds (" + lease + ") must be greater than webhooks.timeout-seconds ("
                    + timeout + "), or a slow attempt could be taken over and sent twice.");
        }
        boolean allowPrivate = optional(v, "webhooks.allow-private-addresses").map(s -> switch (s.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException("webhooks.allow-private-addresses (PASSAGE_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES) "
                    + "must be true, false or empty, not '" + s + "'.");
        }).orElse(!production);
        int sends = intValue(v, "webhooks.max-concurrent-sends", 1, 10_000);
        int perHost = intValue(v, "webhooks.max-concurrent-sends-per-host", 1, 10_000);
        return new PassageConfig.Webhooks(schedule, intValue(v, "webhooks.retry-jitter-percent", 0, 50) / 100.0,
                Duration.ofSeconds(timeout), allowPrivate,
                Duration.ofMillis(intValue(v, "webhooks.poll-interval-millis", 10, 60_000)), Duration.ofSeconds(lease),
                sends, Math.min(perHost, sends));
    }

    private static Optional<String> optional(Map<String, String> v, String key) {
        return Optional.ofNullable(v.get(key)).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static String required(Map<String, String> v, String key) {
        return optional(v, key).orElseThrow(() ->
                new ConfigException(key + " (" + envName(key) + ") must not be empty."));
    }

    private static int intValue(Map<String, String> v, String key, int min, int max) {
        String raw = required(v, key);
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " (" + envName(key) + ") must be a whole number from " + min + " to "
                    + max + ", not '" + raw + "'.");
        }
    }

    private static URI httpUrl(String key, String raw) {
        try {
            URI uri = new URI(stripSlash(raw));
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null) {
                throw new URISyntaxException(raw, "not an absolute http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(key + " (" + envName(key) + ") must be an absolute http:// or https:// URL "
                    + "without query, not '" + raw + "'.");
        }
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
