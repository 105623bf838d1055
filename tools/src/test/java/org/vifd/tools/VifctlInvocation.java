package org.vifd.tools;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs vifctl's picocli entry point in this JVM and captures what it prints. */
public record VifctlInvocation(int exitCode, String out, String err) {

    public static VifctlInvocation run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Vifctl.run(args, o, e);
        }
        return new VifctlInvocation(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public static VifctlInvocation run(List<String> prefix, String... args) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    /** Lines sorted, for output that OVS prints in hash order. */
    public static List<String> sortedLines(String text) {
        return text.lines().sorted().toList();
    }
}
