package org.vifd.agent.intent;

import java.util.List;

/**
 * An intent file that cannot be used. Each error names the entry and the field, e.g.
 * {@code ports[3] (id 8a61c8d0-...): mac_address: "zz" is not a MAC}; the message is the first error and a count of
 * the others, fit for one log line.
 */
public final class InvalidIntentException extends Exception {
    private final String source;
    private final List<String> errors;

    public InvalidIntentException(String source, List<String> errors) {
        super(message(source, errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid intent needs at least one error");
        }
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    private static String message(String source, List<String> errors) {
        String first = errors.isEmpty() ? "" : errors.get(0);
        return source + ": " + first + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
    }

    /** The file (or other source) the intent came from. */
    public String source() {
        return source;
    }

    /** Every error found, in file order. */
    public List<String> errors() {
        return errors;
    }
}
