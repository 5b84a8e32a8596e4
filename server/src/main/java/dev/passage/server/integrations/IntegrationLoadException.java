package dev.passage.server.integrations;

import dev.passage.server.config.ConfigException;

final class IntegrationLoadException {
    private IntegrationLoadException() {}

    static ConfigException in(String file, String problem) {
        return new ConfigException("Integration definition " + file + " is invalid: " + problem);
    }
}
