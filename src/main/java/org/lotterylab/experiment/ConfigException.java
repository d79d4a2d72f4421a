package org.lotterylab.experiment;

/**
 * A config, sweep or command-line value is invalid. The message names the field (dotted, e.g.
 * {@code pruning.levels}), what is wrong and the fix, so the CLI can print it as one line.
 */
public class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
