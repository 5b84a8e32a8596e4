package dev.passage.server.cli;

import ch.qos.logback.classic.Level;
import dev.passage.server.Passage;
import dev.passage.server.config.ConfigException;
import dev.passage.server.config.ConfigLoader;
import dev.passage.server.config.PassageConfig;
import dev.passage.server.errors.PassageException;
import dev.passage.server.errors.ValidationException;
import dev.passage.server.integrations.PortalLocator;
import dev.passage.server.orgs.ApiKey;
import dev.passage.server.orgs.CreatedApiKey;
import dev.passage.server.orgs.Organization;
import dev.passage.server.people.Invitation;
import dev.passage.server.people.Role;
import dev.passage.server.webhooks.SigningKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code passage}: the one executable for operators: the server and its administration, on one configuration. */
@Command(name = "passage", mixinStandardHelpOptions = true, version = "passage 0.1.0",
        description = "Passage Connect: universal account linking, self-hosted.",
        subcommands = {PassageCli.Serve.class, PassageCli.Org.class, PassageCli.Key.class, PassageCli.WebhookKey.class,
                PassageCli.User.class})
public final class PassageCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final CliExtension extension;

    private PassageCli(CliExtension extension) {
        this.extension = extension;
    }

    /** The server alone: {@code serve} and the administrative commands. */
    public static void main(String[] args) {
        run(CliExtension.NONE, args);
    }

    /** Runs the command line with {@code extension} and exits with its status. */
    public static void run(CliExtension extension, String[] args) {
        int exit = commandLine(extension).execute(args);
        flushLogs();
        System.exit(exit);
    }

    /** Writes out log lines still queued in the asynchronous appender. */
    static void flushLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.stop();
        }
    }

    /** The server's command line with its error handling, for main and for tests. */
    public static CommandLine commandLine() {
        return commandLine(CliExtension.NONE);
    }

    /** The command line with {@code extension}'s commands and portals. */
    public static CommandLine commandLine(CliExtension extension) {
        CommandLine cli = new CommandLine(new PassageCli(extension));
        extension.commands().forEach(cli::addSubcommand);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("passage: " + switch (e) {
                case ValidationException v -> v.issues().stream().map(i -> i.path() + " " + i.message())
                        .reduce((a, b) -> a + "; " + b).orElse(v.getMessage());
                case ConfigException c -> c.getMessage();
                case PassageException p -> p.getMessage();
                default -> e.getMessage() != null ? e.getMessage() : e.toString();
            });
            return e instanceof ConfigException ? 78 : 1;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where a database is, for people: the file of a SQLite URL, the URL of another (never its password). */
    static String describe(PassageConfig.Database database) {
        String url = database.url();
        return url.startsWith("jdbc:sqlite:") ? "SQLite " + url.substring("jdbc:sqlite:".length()).replaceAll("\\?.*$", "")
                : "PostgreSQL " + url.replaceAll("\\?.*$", "");
    }

    /** Options every command shares (public for the commands an extension adds): they all read the same configuration, so they meet in one database. */
    public static final class ConfigOptions {
        @Option(names = "--config", description = "Properties file overriding the defaults (also PASSAGE_CONFIG).")
        Path config;

        @Option(names = "--env", description = "sandbox or production (PASSAGE_ENV).")
        String env;

        @Option(names = "--database-url", description = "JDBC URL: jdbc:sqlite:FILE or jdbc:postgresql://… (PASSAGE_DATABASE_URL).")
        String databaseUrl;

        @Option(names = "--public-url", description = "Base URL handed out in API answers (PASSAGE_PUBLIC_URL).")
        String publicUrl;

        @Option(names = "--data-dir", description = "Directory for local state (PASSAGE_DATA_DIR).")
        String dataDir;

        /** The configuration these options (and {@code more} flags) select. */
        public PassageConfig load(Map<String, String> more) {
            Map<String, String> flags = new HashMap<>(more);
            putIf(flags, "env", env);
            putIf(flags, "database.url", databaseUrl);
            putIf(flags, "public-url", publicUrl);
            putIf(flags, "data.dir", dataDir);
            PassageConfig loaded = ConfigLoader.load(System.getenv(), Optional.ofNullable(config), flags);
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.passage")).setLevel(Level.toLevel(loaded.logLevel()));
            return loaded;
        }

        private static void putIf(Map<String, String> flags, String key, String value) {
            if (value != null) {
                flags.put(key, value);
            }
        }

        /** Opens the services for a one-off administrative command, without the HTTP server; says which database. */
        Passage open(Map<String, String> more, java.io.PrintWriter err) {
            quietLogs();
            PassageConfig config = load(more);
            err.println("passage: database " + describe(config.database()));
            err.flush();
            return Passage.open(config, Clock.systemUTC());
        }

        private static void quietLogs() {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        }
    }

    /** A one-off administrative command: opens the services (no HTTP server), runs, closes them. */
    abstract static class AdminCommand implements Runnable {
        @Mixin
        ConfigOptions options;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        abstract void run(Passage passage, java.io.PrintWriter out);

        @Override
        public final void run() {
            try (Passage passage = options.open(Map.of(), spec.commandLine().getErr())) {
                var out = spec.commandLine().getOut();
                run(passage, out);
                out.flush();
            }
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the Passage server until stopped (SIGTERM or Ctrl-C).")
    static final class Serve implements Runnable {
        @Mixin
        ConfigOptions options;

        @Option(names = "--port", description = "TCP port (PASSAGE_PORT).")
        Integer port;

        @Option(names = "--sandbox-port", paramLabel = "PORT",
                description = "First port of the five sandbox portals, in sandbox mode; 0 picks free ones (PASSAGE_SANDBOX_BASE_PORT).")
        Integer sandboxPort;

        @CommandLine.ParentCommand
        PassageCli parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            Map<String, String> flags = new HashMap<>();
            if (port != null) {
                flags.put("port", port.toString());
            }
            if (sandboxPort != null) {
                flags.put("sandbox.base-port", sandboxPort.toString());
            }
            PassageConfig config = options.load(flags);
            Optional<CliExtension.Portals> portals = config.automation().sandboxPortals() && !config.isProduction()
                    ? parent.extension.startPortals(config) : Optional.empty();
            if (portals.isPresent()) {
                LoggerFactory.getLogger(Serve.class).info("Sandbox portals: {}", portals.get().urls());
            } else if (config.automation().sandboxPortals() && !config.isProduction()) {
                LoggerFactory.getLogger(Serve.class).info("This build runs no sandbox portals (the passage launcher does); "
                        + "automations use automation.live-base-urls");
            }
            Passage passage;
            try {
                passage = Passage.builder(config).clock(Clock.systemUTC())
                        .portals(portals.<PortalLocator>map(p -> p).orElse(PortalLocator.NONE)).open();
            } catch (RuntimeException e) {
                portals.ifPresent(CliExtension.Portals::close);
                throw e;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            // Registered before the server starts, so a SIGTERM during start-up still closes it cleanly.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                LoggerFactory.getLogger(Serve.class).info("Shutting down");
                passage.close();
                portals.ifPresent(CliExtension.Portals::close);
                stopped.countDown();
                flushLogs();
            }, "passage-shutdown"));
            try {
                passage.start();
            } catch (io.javalin.util.JavalinBindException e) {
                throw new ConfigException("Port " + config.port() + " is in use; pick another with --port or PASSAGE_PORT.");
            }
            java.io.PrintWriter out = spec.commandLine().getOut();
            out.println();
            out.println("Passage Connect is running at " + config.publicUrl() + " (" + config.env().name().toLowerCase(
                    java.util.Locale.ROOT) + " mode, database " + describe(config.database()) + ").");
            portals.ifPresent(p -> out.println("Sandbox portals: " + String.join(", ", p.urls().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).toList()) + "."));
            out.println("Next, in another terminal: ./passage org create \"Acme\", then ./passage key create --org <its id>.");
            out.println("Stop with Ctrl-C.");
            out.flush();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Command(name = "org", mixinStandardHelpOptions = true, description = "Organizations.",
            subcommands = {Org.Create.class, Org.ListOrgs.class})
    static final class Org implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        @Command(name = "create", mixinStandardHelpOptions = true,
                description = "Create an organization; prints its id alone on the last line.")
        static final class Create extends AdminCommand {
            @Parameters(paramLabel = "NAME", description = "The organization's name.")
            String name;

            @Override
            void run(Passage passage, java.io.PrintWriter out) {
                Organization org = passage.orgs().createOrganization(name);
                out.println("Created organization \"" + org.name() + "\":");
                out.println(org.id());
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List the organizations, oldest first.")
        static final class ListOrgs extends AdminCommand {
            @Override
            void run(Passage passage, java.io.PrintWriter out) {
                out.printf("%-44s %-24s %s%n", "ID", "CREATED", "NAME");
                for (Organization org : passage.orgs().listOrganizations()) {
                    out.printf("%-44s %-24s %s%n", org.id(), Instant.ofEpochMilli(org.createdAt()), org.name());
                }
            }
        }
    }

    @Command(name = "key", mixinStandardHelpOptions = true, description = "API keys.",
            subcommands = {Key.Create.class, Key.ListKeys.class, Key.Revoke.class})
    static final class Key implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        @Command(name = "create", mixinStandardHelpOptions = true,
                description = "Create an API key; prints the key alone on the last line. It is shown only this once.")
        static final class Create extends AdminCommand {
            @Option(names = "--org", required = true, paramLabel = "ORG_ID", description = "The organization's id.")
            String orgId;

            @Override
            void run(Passage passage, java.io.PrintWriter out) {
                CreatedApiKey created = passage.orgs().createKey(orgId);
                out.println("Created API key " + created.key().id() + " for " + orgId
                        + ". Store it now: it is not shown again.");
                out.println(created.secret());
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List an organization's API keys (never the keys themselves).")
        static final class ListKeys extends AdminCommand {
            @Option(names = "--org", required = true, paramLabel = "ORG_ID", description = "The organization's id.")
            String orgId;

            @Override
            void run(Passage passage, java.io.PrintWriter out) {
                out.printf("%-44s %-12s %-24s %s%n", "ID", "PREFIX", "CREATED", "STATUS");
                for (ApiKey key : passage.orgs().listKeys(orgId)) {
                    out.printf("%-44s %-12s %-24s %s%n", key.id(), key.prefix() + "…",
                            Instant.ofEpochMilli(key.createdAt()),
                            key.revoked() ? "revoked " + Instant.ofEpochMilli(key.revokedAt()) : "active");
                }
            }
        }

        @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an API key; it stops working at once.")
        static final class Revoke extends AdminCommand {
            @Parameters(paramLabel = "KEY_ID", description = "The key's id (key_…), as key list shows it.")
            String keyId;

            @Override
            void run(Passage passage, java.io.PrintWriter out) {
                ApiKey key = passage.orgs().revokeKey(keyId);
                out.println("Revoked " + key.id() + " at " + Instant.ofEpochMilli(key.revokedAt()) + ".");
            }
        }
    }

    @Command(name = "user", mixinStandardHelpOptions = true, description = "People who sign in to the dashboard.",
            subcommands = {User.Create.class})
    static final class User implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        @Command(name = "create", mixinStandardHelpOptions = true,
                description = "Invite a person into an organization's dashboard; prints the invitation link alone on the "
                        + "last line. They open it to set their password; it works once, for dashboard.invitation-ttl-hours.")
        static final class Create extends AdminCommand {
            @Option(names = "--org", required = true, paramLabel = "ORG_ID", description = "The organization's id.")
            String orgId;

            @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "The person's email address.")
            String email;

            @Option(names = "--role", defaultValue = "admin", paramLabel = "admin|viewer",
                    description = "admin (keys, people, resends, rotation) or viewer (read only); default ${DEFAULT-VALUE}.")
            String role;

            @Override
            void run(Passage passage, java.io.PrintWriter out) {
                Role r = Role.parse(role).orElseThrow(() -> ValidationException.of("--role", "must be admin or viewer"));
                Invitation invitation = passage.people().invite(orgId, email, r);
                out.println("Invited " + invitation.person().email() + " (" + r.wire() + ") until "
                        + Instant.ofEpochMilli(invitation.expiresAt()) + ". Send them this link; it works once:");
                out.println(invitation.url(passage.config().publicUrl()));
            }
        }
    }

    @Command(name = "webhook-key", mixinStandardHelpOptions = true, description = "Webhook signing keys (ES256).",
            subcommands = {WebhookKey.Rotate.class, WebhookKey.ListKeys.class})
    static final class WebhookKey implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        @Command(name = "rotate", mixinStandardHelpOptions = true,
                description = "Retire the current signing key and make a new one; prints the new kid alone on the last line. "
                        + "Retired keys stay retrievable so signatures made with them still verify.")
        static final class Rotate extends AdminCommand {
            @Override
            void run(Passage passage, java.io.PrintWriter out) {
                SigningKey key = passage.webhooks().rotateSigningKey();
                out.println("Rotated the webhook signing key; new signatures use:");
                out.println(key.kid());
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List webhook signing keys, oldest first.")
        static final class ListKeys extends AdminCommand {
            @Override
            void run(Passage passage, java.io.PrintWriter out) {
                out.printf("%-44s %-24s %s%n", "KID", "CREATED", "STATUS");
                for (SigningKey key : passage.webhooks().signingKeys()) {
                    out.printf("%-44s %-24s %s%n", key.kid(), Instant.ofEpochMilli(key.createdAt()),
                            key.retired() ? "retired " + Instant.ofEpochMilli(key.retiredAt()) : "signing");
                }
            }
        }
    }

}
