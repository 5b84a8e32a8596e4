package dev.passage.launcher;

import dev.passage.device.DeviceException;
import dev.passage.device.DeviceRuntime;
import dev.passage.server.cli.PassageCli;
import dev.passage.server.config.PassageConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code passage device CODE_OR_APPCLIPURL}: says what the link is for, claims it and runs its session
 * in Chromium on this machine. A wrong invocation (an unknown sandbox user, no display, a Chromium
 * that does not start) is refused before the claim, so the link stays claimable.
 */
@Command(name = "device", mixinStandardHelpOptions = true,
        description = "Claim a link and run its session in Chromium on this machine, as the user's device does.")
final class DeviceCommand implements Callable<Integer> {
    @Mixin
    PassageCli.ConfigOptions options;

    @Parameters(paramLabel = "CODE_OR_APPCLIPURL", description = "The claim code (clm_…) or the link's appClipUrl.")
    String codeOrUrl;

    @Option(names = "--headless", description = "Run Chromium without a window (tests, CI, a machine without a display).")
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
        var runtime = new DeviceRuntime(new DeviceRuntime.Options(codeOrUrl, config.publicUrl(), headless,
                Optional.ofNullable(sandboxUser), Optional.ofNullable(chromium), Duration.ofSeconds(maxSeconds)), System.out);
        try {
            return runtime.run().complete() ? 0 : 1;
        } catch (DeviceException e) {
            spec.commandLine().getErr().println("passage: " + e.getMessage());
            return 1;
        }
    }
}
