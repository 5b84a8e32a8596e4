package dev.passage.launcher;

import dev.passage.sandbox.Sandbox;
import dev.passage.server.cli.CliExtension;
import dev.passage.server.cli.PassageCli;
import dev.passage.server.config.ConfigException;
import dev.passage.server.config.PassageConfig;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code passage} executable: the server's commands, with the sandbox portals started for a
 * sandbox-mode {@code serve}, the {@code device} command that runs a link in Chromium here, and
 * {@code extension pack}, which zips the browser extension for a store.
 */
public final class Launcher implements CliExtension {

    public static void main(String[] args) {
        PassageCli.run(new Launcher(), args);
    }

    @Override
    public Optional<Portals> startPortals(PassageConfig config) {
        int base = config.automation().sandboxBasePort();
        try {
            return Optional.of(portals(Sandbox.start(Sandbox.DEFAULT_HOST, base)));
        } catch (RuntimeException e) {
            throw new ConfigException("The sandbox portals could not listen on ports " + base + " to " + (base + 4)
                    + " (one is in use?); pick others with --sandbox-port or PASSAGE_SANDBOX_BASE_PORT (0: free ports).");
        }
    }

    @Override
    public List<Object> commands() {
        return List.of(new DeviceCommand(), new ExtensionCommand());
    }

    /** Running sandbox portals as the server looks them up. */
    public static Portals portals(Sandbox sandbox) {
        return new Portals() {
            @Override
            public Optional<URI> portal(String sandboxId) {
                return Optional.ofNullable(sandbox.urls().get(sandboxId)).map(URI::create);
            }

            @Override
            public Map<String, String> urls() {
                return sandbox.urls();
            }

            @Override
            public void close() {
                sandbox.close();
            }
        };
    }
}
