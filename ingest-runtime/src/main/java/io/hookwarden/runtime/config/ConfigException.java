package io.hookwarden.runtime.config;

/** Configuration the runtime cannot start with; the message says what to fix. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
