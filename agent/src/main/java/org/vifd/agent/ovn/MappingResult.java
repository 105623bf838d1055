package org.vifd.agent.ovn;

import java.util.List;
import java.util.Objects;
import org.vifd.agent.intent.Intent;

/** The intent mapped from a Northbound view, and what could not be mapped. */
public record MappingResult(Intent intent, List<MappingProblem> problems) {
    public MappingResult {
        Objects.requireNonNull(intent, "intent");
        problems = List.copyOf(problems);
    }

    /** True when some row waits for a referenced row not received yet. */
    public boolean hasPending() {
        return problems.stream().anyMatch(MappingProblem::pending);
    }
}
