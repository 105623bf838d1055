package org.vifd.vif.netlink;

import java.io.IOException;

/**
 * A kernel refusal of an operation on a device (netlink ack, ioctl or setns failure): which operation, which
 * device, the errno, and the kernel's extended-ack message
 * when it sent one.
 */
public final class DeviceException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String device;
    private final transient Errno errno;
    private final String kernelMessage;

    public DeviceException(String operation, String device, Errno errno, String kernelMessage) {
        super(operation + " " + device + ": " + errno.name() + " (" + errno.description() + ")"
                + (kernelMessage == null || kernelMessage.isEmpty() ? "" : ": " + kernelMessage));
        this.operation = operation;
        this.device = device;
        this.errno = errno;
        this.kernelMessage = kernelMessage == null ? "" : kernelMessage;
    }

    public DeviceException(String operation, String device, Errno errno) {
        this(operation, device, errno, "");
    }

    /** What vifd asked the kernel to do, e.g. {@code "create veth"}, {@code "TUNSETIFF"}. */
    public String operation() {
        return operation;
    }

    /** The device the operation was about (the netns name for socket-level failures). */
    public String device() {
        return device;
    }

    public Errno errno() {
        return errno;
    }

    /** The kernel's extended-ack text (NLMSGERR_ATTR_MSG), empty when it sent none. */
    public String kernelMessage() {
        return kernelMessage;
    }
}
