package org.vifd.agent.config;

/** The configuration is unusable; the message names the file and the key, e.g. {@code vifd.yaml: ovsdb: ...}. */
public final class ConfigException extends Exception {
    private final String key;

    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The offending key in dotted form ({@code dhcp.lease_duration}), or empty when the whole file is at fault. */
    public String key() {
        return key;
    }
}
