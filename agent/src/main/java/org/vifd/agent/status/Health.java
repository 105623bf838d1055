package org.vifd.agent.status;

import java.util.Objects;

/** What {@code /healthz} answers: 200 when healthy, else 503, with a one-line detail either way. */
public record Health(boolean healthy, String detail) {
    public Health {
        Objects.requireNonNull(detail, "detail");
    }

    public static Health ok(String detail) {
        return new Health(true, detail);
    }

    public static Health failing(String detail) {
        return new Health(false, detail);
    }
}
