package org.openloa.edge.config;

/** A setting that is missing or malformed; the message names the key and its environment variable. */
public final class ConfigException extends RuntimeException {

    ConfigException(String message) {
        super(message);
    }

    ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
