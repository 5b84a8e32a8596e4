package dev.passage.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code passage extension pack}: the browser extension, zipped for a browser's extension store. */
@Command(name = "extension", mixinStandardHelpOptions = true, subcommands = ExtensionCommand.Pack.class,
        description = "The Passage Connect browser extension.")
final class ExtensionCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "pack", mixinStandardHelpOptions = true,
            description = "Write the extension as a zip for the Chrome Web Store or Edge Add-ons, versioned as this build.")
    static final class Pack implements Callable<Integer> {
        @Option(names = "--server", paramLabel = "URL",
                description = "A Passage server the packed extension trusts (https://…; repeat for several); the first is where a pasted code is claimed. Default: the servers in extension/config.js.")
        List<String> servers = List.of();

        @Option(names = "--out", paramLabel = "FILE", description = "Where to write the zip (default ./passage-extension-VERSION.zip).")
        Path out;

        @Option(names = "--dev", description = "A development build: keep extension/config.js as it is, localhost servers included.")
        boolean dev;

        @Option(names = "--from", paramLabel = "DIR", description = "Pack this extension directory instead of the one built into passage.")
        Path from;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                String version = ExtensionPack.buildVersion();
                ExtensionPack.Packed packed = ExtensionPack.pack(Optional.ofNullable(from),
                        out != null ? out : ExtensionPack.defaultOut(version), servers, dev, version);
                spec.commandLine().getOut().println("Wrote " + packed.zip() + ": Passage Connect " + packed.version()
                        + " (" + packed.versionName() + "), " + packed.files() + " files, for "
                        + (packed.servers().isEmpty() ? "the servers of extension/config.js, localhost included (development)"
                                : String.join(", ", packed.servers())) + ".");
                spec.commandLine().getOut().println("Upload it in the Chrome Web Store or Edge Add-ons dashboard"
                        + " (docs/extension.md, \"Packing and publishing\").");
                spec.commandLine().getOut().flush();
                return 0;
            } catch (ExtensionPack.PackException e) {
                spec.commandLine().getErr().println("passage: " + e.getMessage());
                return 1;
            }
        }
    }
}
