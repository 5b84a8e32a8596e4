package dev.passage.server.cli;

import ch.qos.logback.classic.Level;
import dev.passage.server.Passage;
import dev.passage.server.config.ConfigException;
import dev.passage.server.config.ConfigLoader;
import dev.passage.server.config.PassageConfig;
import dev.passage.server.errors.PassageException;
import dev.passage.server.errors.ValidationException;
import dev.passage.server.orgs.ApiKey;
import dev.passage.server.orgs.CreatedApiKey;
import dev.passage.server.orgs.Organization;
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
                PassageCli.Device.class})
public final class PassageCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int exit = commandLine().execute(args);
        flushLogs();
        System.exit(exit);
    }

    /** Writes out log lines still queued in the asynchronous appender. */
    static void flushLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.stop();
        }
    }

    /** The command line with its error handling, for main and for tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PassageCli());
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

    /** Options every command shares: they all read the same configuration, so they meet in one database. */
    static final class ConfigOptions {
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

        PassageConfig load(Map<String, String> more) {
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

        /** Opens the services for a one-off administrative command, without the HTTP server. */
        Passage open(Map<String, String> more) {
            quietLogs();
            return Passage.open(load(more), Clock.systemUTC());
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
            try (Passage passage = options.open(Map.of())) {
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

        @Override
        public void run() {
            Map<String, String> flags = new HashMap<>();
            if (port != null) {
                flags.put("port", port.toString());
            }
            PassageConfig config = options.load(flags);
            Passage passage = Passage.open(config, Clock.systemUTC());
            CountDownLatch stopped = new CountDownLatch(1);
            // Registered before the server starts, so a SIGTERM during start-up still closes it cleanly.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                LoggerFactory.getLogger(Serve.class).info("Shutting down");
                passage.close();
                stopped.countDown();
                flushLogs();
            }, "passage-shutdown"));
            passage.start();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Command(name = "org", mixinStandardHelpOptions = true, description = "Organizations.",
            subcommands = {Org.Create.class})
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

    @Command(name = "device", mixinStandardHelpOptions = true,
            description = "Claim a link and run its session in Chromium on this machine, as the user's device does.")
    static final class Device implements java.util.concurrent.Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "CODE_OR_APPCLIPURL", description = "The claim code (clm_…) or the link's appClipUrl.")
        String codeOrUrl;

        @Option(names = "--headless", description = "Run Chromium without a window (tests, CI).")
        boolean headless;

        @Option(names = "--sandbox-user", paramLabel = "NAME",
                description = "Type this sandbox test user's credentials (and MFA code) into the sandbox login page.")
        String sandboxUser;

        @Option(names = "--chromium", paramLabel = "PATH", description = "The Chromium to run (default: PASSAGE_CHROMIUM or /usr/bin/chromium).")
        Path chromium;

        @Option(names = "--max-seconds", defaultValue = "900", description = "Give up after this long (default ${DEFAULT-VALUE}).")
        int maxSeconds;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PassageConfig config = options.load(Map.of());
            var runtime = new dev.passage.device.DeviceRuntime(new dev.passage.device.DeviceRuntime.Options(
                    codeOrUrl, config.publicUrl(), headless, Optional.ofNullable(sandboxUser), Optional.ofNullable(chromium),
                    java.time.Duration.ofSeconds(maxSeconds)), System.out);
            try {
                return runtime.run().complete() ? 0 : 1;
            } catch (dev.passage.device.DeviceException e) {
                spec.commandLine().getErr().println("passage: " + e.getMessage());
                return 1;
            }
        }
    }
}
