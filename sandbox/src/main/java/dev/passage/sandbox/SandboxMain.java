package dev.passage.sandbox;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./run-sandbox [--host H] [--base-port P]}: runs the five portals until stopped. */
@Command(name = "run-sandbox", mixinStandardHelpOptions = true,
        description = "Runs the Passage sandbox portals (tmobile, att, verizon, ubereats, apple-review), "
                + "one port each from the base port up, until Ctrl-C.")
public final class SandboxMain implements Callable<Integer> {
    @Option(names = "--host", description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
    String host = Sandbox.DEFAULT_HOST;

    @Option(names = "--base-port", description = "Port of the first portal; the others follow in order "
            + "(default: ${DEFAULT-VALUE}; 0 for free ports).")
    int basePort = Sandbox.DEFAULT_BASE_PORT;

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-sandbox.xml");
        }
        System.exit(new CommandLine(new SandboxMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        Sandbox sandbox;
        try {
            sandbox = Sandbox.start(host, basePort);
        } catch (RuntimeException e) {
            System.err.println("sandbox: cannot start the portals: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        System.out.println("Passage sandbox portals (test users: user_good / pass_good, see sandbox/README.md):");
        sandbox.urls().forEach((id, url) -> System.out.printf("  %-13s %s%n", id, url));
        System.out.flush();
        stopped.await();
        return 0;
    }
}
