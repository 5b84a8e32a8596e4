package dev.passage.server.config;

/** Where the server runs: sandbox allows local conveniences, production defaults nothing insecure. */
public enum PassageEnv {
    SANDBOX, PRODUCTION;

    static PassageEnv parse(String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "sandbox" -> SANDBOX;
            case "production" -> PRODUCTION;
            default -> throw new ConfigException(
                    "env must be sandbox or production (PASSAGE_ENV), not '" + value + "'.");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
