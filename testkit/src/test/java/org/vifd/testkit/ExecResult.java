package org.vifd.testkit;

import java.util.List;

/** What one finished command printed and returned. */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** This result if the command exited 0; otherwise an AssertionError naming the command and its stderr. */
    public ExecResult ok() {
        if (exitCode != 0) {
            throw new AssertionError("command failed (exit " + exitCode + "): " + String.join(" ", command)
                    + "\nstdout: " + stdout.strip() + "\nstderr: " + stderr.strip());
        }
        return this;
    }

    /** Stdout without trailing white space. */
    public String out() {
        return stdout.strip();
    }
}
