package org.vifd.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The benches' command lines: {@code --name N} pairs of whole numbers. */
public final class BenchOptions {
    private BenchOptions() {
    }

    /**
     * The options by name (without the dashes). With {@code known} names given, any other name is an error; with none,
     * every name is taken (the bench reads those it knows).
     */
    public static Map<String, Integer> parse(String[] args, String... known) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("expected --option VALUE pairs, got " + List.of(args));
        }
        Map<String, Integer> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option VALUE, got " + args[i]);
            }
            String name = args[i].substring(2);
            if (known.length > 0 && !List.of(known).contains(name)) {
                throw new IllegalArgumentException("unknown option " + args[i] + " (known: " + List.of(known) + ")");
            }
            opts.put(name, Integer.parseInt(args[i + 1]));
        }
        return opts;
    }
}
