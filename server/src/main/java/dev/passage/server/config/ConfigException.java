package dev.passage.server.config;

/** A configuration that cannot be used; the message is one sentence naming the key and the fix. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
