package dev.passage.server.nodes;

import dev.passage.server.config.ConfigException;
import dev.passage.server.config.PassageConfig;
import dev.passage.server.secrets.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This node's id, the same across its restarts: {@code node.id} when configured, else made once and
 * kept in {@code <data.dir>/node-id}. It names the webhook deliveries the node is sending and the
 * sessions its worker runs, so a node that restarts after a crash takes back its own work at once.
 */
public final class NodeIdentity {
    private static final String FILE = "node-id";

    private NodeIdentity() {}

    public static String resolve(PassageConfig config) {
        return config.nodeId().orElseGet(() -> fromDataDir(config.dataDir()));
    }

    static String fromDataDir(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (id.matches("[A-Za-z0-9_.-]{1,64}")) {
                    return id;
                }
                throw new ConfigException(file + " does not hold a node id; delete it to make a new one, or set node.id.");
            }
            Files.createDirectories(dataDir);
            String id = Tokens.id("node_");
            try {
                Files.writeString(file, id + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
                return id;
            } catch (FileAlreadyExistsException raced) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
        } catch (IOException e) {
            throw new ConfigException("The node id file " + file + " could not be read or written: " + e.getMessage()
                    + ". Set node.id instead.");
        }
    }
}
