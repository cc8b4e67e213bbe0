package dev.edgecam.config;

/**
 * A config file that cannot be used. The message is one line that names the file, the line and the key, and
 * says what is expected there, such as {@code edgecam.yml:7: cameras[1].quality: expected a whole number from 1
 * to 100, got "high"}. A running server that gets this on a reload logs it and keeps its running config.
 */
public final class ConfigException extends Exception {

    public ConfigException(String message) {
        super(message);
    }
}
