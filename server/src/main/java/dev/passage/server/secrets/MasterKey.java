package dev.passage.server.secrets;

import dev.passage.server.config.ConfigException;
import dev.passage.server.config.PassageConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** Finds the master secret: from configuration, or in sandbox from (or into) a file in the data directory. */
public final class MasterKey {
    static final String FILE_NAME = "master.key";

    private MasterKey() {}

    /** The 32-byte master secret for this configuration. */
    public static byte[] resolve(PassageConfig config) {
        if (config.masterKey().isPresent()) {
            return decode(config.masterKey().get(), "secrets.master-key (PASSAGE_SECRETS_MASTER_KEY)");
        }
        if (config.isProduction()) {
            throw new ConfigException("secrets.master-key (PASSAGE_SECRETS_MASTER_KEY) must be set in production.");
        }
        Path file = config.dataDir().resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(config.dataDir());
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                try {
                    Files.writeString(file, Base64.getEncoder().encodeToString(fresh) + "\n", StandardCharsets.US_ASCII,
                            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    restrict(file);
                } catch (FileAlreadyExistsException raced) {
                    // Another process created it first; use theirs.
                }
            }
            return decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
        } catch (IOException e) {
            throw new ConfigException("The sandbox master key file " + file + " could not be read or created: "
                    + e.getMessage() + ".");
        }
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // Not a POSIX file system: the file keeps the directory's default permissions.
        }
    }

    private static byte[] decode(String base64, String source) {
        try {
            byte[] key = Base64.getDecoder().decode(base64.trim());
            if (key.length != 32) {
                throw new IllegalArgumentException();
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + " must hold 32 random bytes in base64 (openssl rand -base64 32).");
        }
    }
}
