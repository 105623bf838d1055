package org.vifd.vif.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;

/**
 * Persistent tap devices through the tun driver's ioctls (Documentation/networking/tuntap.rst): open
 * {@code /dev/net/tun}, TUNSETIFF with IFF_TAP|IFF_NO_PI, TUNSETPERSIST. The tap is created in the network
 * namespace of the calling thread (the namespace the tun file is opened in): call it on a {@link NetnsThread}.
 * MAC, MTU and up are set afterwards through {@link Rtnetlink}; deleting is RTM_DELLINK.
 */
public final class TunDevice {
    /** _IOW('T', 202, int) and _IOW('T', 203, int) from linux/if_tun.h. */
    static final long TUNSETIFF = 0x400454caL;
    static final long TUNSETPERSIST = 0x400454cbL;
    static final short IFF_TAP = 0x0002;
    static final short IFF_NO_PI = 0x1000;
    /** struct ifreq: char ifr_name[IFNAMSIZ = 16] followed by a union whose first member is short ifr_flags. */
    private static final int IFREQ_SIZE = 40;

    private TunDevice() {
    }

    /**
     * Creates (or re-attaches to and keeps) the persistent tap {@code name}. EBUSY when a process such as QEMU
     * holds it, EINVAL when a non-tap device has that name.
     */
    public static void createPersistentTap(String name) throws DeviceException {
        setPersistent(name, true);
    }

    /** Attaches to the tap and sets or clears its persistence; clearing it deletes the tap when the fd closes. */
    public static void setPersistent(String name, boolean persistent) throws DeviceException {
        Rtnetlink.checkName(name);
        LibC libc = LibC.INSTANCE;
        int fd;
        try {
            fd = libc.open("/dev/net/tun", LibC.O_RDWR | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new DeviceException("open /dev/net/tun for", name, Errno.valueOf(e.getErrorCode()));
        }
        try {
            ByteBuffer ifr = ByteBuffer.allocate(IFREQ_SIZE).order(ByteOrder.nativeOrder());
            ifr.put(name.getBytes(StandardCharsets.US_ASCII));
            ifr.putShort(16, (short) (IFF_TAP | IFF_NO_PI));
            try {
                libc.ioctl(fd, new NativeLong(TUNSETIFF), ifr.array());
            } catch (LastErrorException e) {
                throw new DeviceException("TUNSETIFF", name, Errno.valueOf(e.getErrorCode()));
            }
            try {
                // TUNSETPERSIST takes the value itself as the third argument, not a pointer to it.
                libc.ioctl(fd, new NativeLong(TUNSETPERSIST), new NativeLong(persistent ? 1 : 0));
            } catch (LastErrorException e) {
                throw new DeviceException("TUNSETPERSIST", name, Errno.valueOf(e.getErrorCode()));
            }
        } finally {
            libc.close(fd);
        }
    }
}
