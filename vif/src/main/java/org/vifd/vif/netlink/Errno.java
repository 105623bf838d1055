package org.vifd.vif.netlink;

import java.util.HashMap;
import java.util.Map;

/**
 * Linux errno values as the kernel returns them in netlink acks and ioctl failures (asm-generic/errno-base.h,
 * errno.h). Open-ended: {@link #valueOf(int)} returns a named constant or an unknown value, never throws.
 */
public final class Errno {
    private static final Map<Integer, Errno> BY_CODE = new HashMap<>();

    public static final Errno EPERM = register(1, "EPERM", "Operation not permitted");
    public static final Errno ENOENT = register(2, "ENOENT", "No such file or directory");
    public static final Errno EINTR = register(4, "EINTR", "Interrupted system call");
    public static final Errno EIO = register(5, "EIO", "I/O error");
    public static final Errno EBADF = register(9, "EBADF", "Bad file descriptor");
    public static final Errno EAGAIN = register(11, "EAGAIN", "Resource temporarily unavailable");
    public static final Errno ENOMEM = register(12, "ENOMEM", "Out of memory");
    public static final Errno EACCES = register(13, "EACCES", "Permission denied");
    public static final Errno EFAULT = register(14, "EFAULT", "Bad address");
    public static final Errno EBUSY = register(16, "EBUSY", "Device or resource busy");
    public static final Errno EEXIST = register(17, "EEXIST", "File exists");
    public static final Errno ENODEV = register(19, "ENODEV", "No such device");
    public static final Errno EINVAL = register(22, "EINVAL", "Invalid argument");
    public static final Errno ENFILE = register(23, "ENFILE", "File table overflow");
    public static final Errno ENOTTY = register(25, "ENOTTY", "Not a typewriter");
    public static final Errno ERANGE = register(34, "ERANGE", "Math result not representable");
    public static final Errno ENAMETOOLONG = register(36, "ENAMETOOLONG", "File name too long");
    public static final Errno ELOOP = register(40, "ELOOP", "Too many symbolic links encountered");
    public static final Errno ENOBUFS = register(105, "ENOBUFS", "No buffer space available");
    public static final Errno EOPNOTSUPP = register(95, "EOPNOTSUPP", "Operation not supported");
    public static final Errno EAFNOSUPPORT = register(97, "EAFNOSUPPORT", "Address family not supported by protocol");
    public static final Errno EADDRNOTAVAIL = register(99, "EADDRNOTAVAIL", "Cannot assign requested address");
    public static final Errno ENETDOWN = register(100, "ENETDOWN", "Network is down");
    public static final Errno ETIMEDOUT = register(110, "ETIMEDOUT", "Connection timed out");

    private final int code;
    private final String name;
    private final String description;

    private Errno(int code, String name, String description) {
        this.code = code;
        this.name = name;
        this.description = description;
    }

    private static Errno register(int code, String name, String description) {
        Errno e = new Errno(code, name, description);
        BY_CODE.put(code, e);
        return e;
    }

    /** The named constant for a positive errno, or an unknown value {@code E<n>}. Negative input is negated. */
    public static Errno valueOf(int code) {
        int c = Math.abs(code);
        Errno known = BY_CODE.get(c);
        return known != null ? known : new Errno(c, "E" + c, "Unknown error " + c);
    }

    public int code() {
        return code;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public boolean isKnown() {
        return BY_CODE.get(code) == this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Errno e && e.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return name + "(" + code + ")";
    }
}
