package org.vifd.tools.vsctl;

/**
 * A command failed the way ovs-vsctl's {@code ctl_fatal} fails: one line for stderr and an exit code (1 for errors,
 * 2 where ovs-vsctl exits 2, e.g. {@code br-exists} of a missing bridge, which prints nothing).
 */
public class VsctlException extends RuntimeException {

    private final int exitCode;

    public VsctlException(String message) {
        this(message, 1);
    }

    public VsctlException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
