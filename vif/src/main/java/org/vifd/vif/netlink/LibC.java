package org.vifd.vif.netlink;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * The few libc calls vifd makes: netlink sockets, the tun device and setns(2). Each failing call throws
 * {@link LastErrorException} carrying errno; callers turn it into a {@link DeviceException} naming the device.
 */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int AF_NETLINK = 16;
    int SOCK_RAW = 3;
    int SOCK_CLOEXEC = 0x80000;
    int NETLINK_ROUTE = 0;
    int SOL_SOCKET = 1;
    int SO_RCVTIMEO = 20;
    int SOL_NETLINK = 270;
    int NETLINK_EXT_ACK = 11;
    int O_RDWR = 2;
    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;
    int CLONE_NEWNET = 0x40000000;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] sockaddr, int addrlen) throws LastErrorException;

    int setsockopt(int fd, int level, int optname, byte[] optval, int optlen) throws LastErrorException;

    NativeLong sendto(int fd, byte[] buf, NativeLong len, int flags, byte[] sockaddr, int addrlen)
            throws LastErrorException;

    NativeLong recv(int fd, byte[] buf, NativeLong len, int flags) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    /** ioctl(2) is variadic; every request vifd makes passes one pointer, which this fixed signature carries. */
    int ioctl(int fd, NativeLong request, byte[] arg) throws LastErrorException;

    /** ioctl(2) for requests whose argument is the value itself (TUNSETPERSIST). */
    int ioctl(int fd, NativeLong request, NativeLong value) throws LastErrorException;

    int setns(int fd, int nstype) throws LastErrorException;

    int close(int fd);
}
