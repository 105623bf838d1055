package org.vifd.vif.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;

/**
 * A small blocking NETLINK_ROUTE client for links: RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK with IFLA_*
 * attributes (rtnetlink(7), linux/if_link.h). The socket belongs to the network namespace of the thread that
 * opened it, for its whole life: open it on a {@link NetnsThread} to work in another namespace.
 * Not thread-safe: one request at a time, each waiting for the kernel's ack (NLM_F_ACK).
 */
public final class Rtnetlink implements AutoCloseable {
    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;

    static final int NLMSG_NOOP = 1;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;

    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_MULTI = 0x2;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_DUMP = 0x300;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;
    /** In an ack: the request was not echoed back (NETLINK_CAP_ACK). */
    static final int NLM_F_CAPPED = 0x100;
    /** In an ack: extended-ack TLVs follow (NETLINK_EXT_ACK). */
    static final int NLM_F_ACK_TLVS = 0x200;
    static final int NLMSGERR_ATTR_MSG = 1;

    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_MASTER = 10;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_DATA = 2;
    /** linux/veth.h: the peer's ifinfomsg and attributes, nested in IFLA_INFO_DATA. */
    static final int VETH_INFO_PEER = 1;
    static final int IFLA_BR_FORWARD_DELAY = 1;
    static final int IFLA_BR_AGEING_TIME = 4;
    static final int IFLA_BR_STP_STATE = 5;

    private static final int RECV_BUFFER = 64 * 1024;

    private final LibC libc = LibC.INSTANCE;
    private final int fd;
    private final String namespace;
    private final byte[] rx = new byte[RECV_BUFFER];
    private int seq = (int) (System.nanoTime() & 0x3fffffff);
    private boolean closed;

    private Rtnetlink(int fd, String namespace) {
        this.fd = fd;
        this.namespace = namespace;
    }

    /**
     * Opens a NETLINK_ROUTE socket in the calling thread's network namespace.
     *
     * @param namespace only a label for messages and exceptions (the namespace name, or "host")
     */
    public static Rtnetlink open(String namespace) throws DeviceException {
        LibC libc = LibC.INSTANCE;
        int fd;
        try {
            fd = libc.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_ROUTE);
        } catch (LastErrorException e) {
            throw new DeviceException("open netlink socket", namespace, Errno.valueOf(e.getErrorCode()));
        }
        try {
            // struct sockaddr_nl: family, pad, pid (0 = kernel assigns), groups.
            ByteBuffer addr = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder());
            addr.putShort((short) LibC.AF_NETLINK).putShort((short) 0).putInt(0).putInt(0);
            libc.bind(fd, addr.array(), 12);
            libc.setsockopt(fd, LibC.SOL_NETLINK, LibC.NETLINK_EXT_ACK, intBytes(1), 4);
            // struct timeval {long tv_sec; long tv_usec}: a kernel that never answers fails the call, not the thread.
            ByteBuffer tv = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(10).putLong(0);
            libc.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, tv.array(), 16);
        } catch (LastErrorException e) {
            libc.close(fd);
            throw new DeviceException("bind netlink socket", namespace, Errno.valueOf(e.getErrorCode()));
        }
        return new Rtnetlink(fd, namespace);
    }

    /** The label given at open: the namespace this socket works in. */
    public String namespace() {
        return namespace;
    }

    /** Every link of the namespace (RTM_GETLINK with NLM_F_DUMP). */
    public List<Link> links() throws DeviceException {
        NetlinkRequest req = new NetlinkRequest(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, ++seq, 0, 0, 0);
        List<Link> links = new ArrayList<>();
        exchange(req, "dump links", namespace, msg -> parseLink(msg).ifPresent(links::add));
        return links;
    }

    /** The link with this name, empty when there is none (ENODEV). */
    public Optional<Link> link(String name) throws DeviceException {
        NetlinkRequest req = new NetlinkRequest(RTM_GETLINK, NLM_F_REQUEST, ++seq, 0, 0, 0)
                .attrString(IFLA_IFNAME, checkName(name));
        List<Link> found = new ArrayList<>(1);
        try {
            exchange(req, "get link", name, msg -> parseLink(msg).ifPresent(found::add));
        } catch (DeviceException e) {
            if (e.errno().equals(Errno.ENODEV)) {
                return Optional.empty();
            }
            throw e;
        }
        return found.stream().findFirst();
    }

    /**
     * Creates a Linux bridge (IFLA_INFO_KIND "bridge") with STP off and the given MTU, ageing time and forward
     * delay (both in centiseconds, as IFLA_BR_* carry clock_t at USER_HZ=100). EEXIST when it exists.
     */
    public void createBridge(String name, int mtu, int ageingCentis, int forwardDelayCentis) throws DeviceException {
        NetlinkRequest req = new NetlinkRequest(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
                ++seq, 0, 0, 0).attrString(IFLA_IFNAME, checkName(name)).attrU32(IFLA_MTU, mtu);
        int info = req.beginNest(IFLA_LINKINFO);
        req.attrString(IFLA_INFO_KIND, "bridge");
        int data = req.beginNest(IFLA_INFO_DATA);
        req.attrU32(IFLA_BR_AGEING_TIME, ageingCentis).attrU32(IFLA_BR_FORWARD_DELAY, forwardDelayCentis)
                .attrU32(IFLA_BR_STP_STATE, 0);
        req.endNest(data).endNest(info);
        exchange(req, "create bridge", name, null);
    }

    /** Sets an existing bridge's ageing time (centiseconds) through IFLA_LINKINFO/IFLA_INFO_DATA. */
    public void setBridgeAgeing(String name, int ageingCentis) throws DeviceException {
        NetlinkRequest req = new NetlinkRequest(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, ++seq, 0, 0, 0)
                .attrString(IFLA_IFNAME, checkName(name));
        int info = req.beginNest(IFLA_LINKINFO);
        req.attrString(IFLA_INFO_KIND, "bridge");
        int data = req.beginNest(IFLA_INFO_DATA);
        req.attrU32(IFLA_BR_AGEING_TIME, ageingCentis);
        req.endNest(data).endNest(info);
        exchange(req, "set bridge ageing", name, null);
    }

    /** Creates a veth pair {@code name}/{@code peer}, both with this MTU. EEXIST when either exists. */
    public void createVeth(String name, String peer, int mtu) throws DeviceException {
        NetlinkRequest req = new NetlinkRequest(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
                ++seq, 0, 0, 0).attrString(IFLA_IFNAME, checkName(name)).attrU32(IFLA_MTU, mtu);
        int info = req.beginNest(IFLA_LINKINFO);
        req.attrString(IFLA_INFO_KIND, "veth");
        int data = req.beginNest(IFLA_INFO_DATA);
        int peerNest = req.beginNest(VETH_INFO_PEER);
        req.putIfinfomsg(0, 0, 0).attrString(IFLA_IFNAME, checkName(peer)).attrU32(IFLA_MTU, mtu);
        req.endNest(peerNest).endNest(data).endNest(info);
        exchange(req, "create veth", name + "/" + peer, null);
    }

    /** Applies the settings that are present in {@code update}, in one RTM_NEWLINK. ENODEV when it is absent. */
    public void update(String name, LinkUpdate update) throws DeviceException {
        int flags = 0;
        int change = 0;
        if (update.up().isPresent()) {
            change = Link.IFF_UP;
            flags = update.up().get() ? Link.IFF_UP : 0;
        }
        NetlinkRequest req = new NetlinkRequest(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, ++seq, 0, flags, change)
                .attrString(IFLA_IFNAME, checkName(name));
        if (update.mtu().isPresent()) {
            req.attrU32(IFLA_MTU, update.mtu().getAsInt());
        }
        if (update.address().isPresent()) {
            req.attr(IFLA_ADDRESS, update.address().get().bytes());
        }
        if (update.master().isPresent()) {
            String master = update.master().get();
            int masterIndex = 0;
            if (!master.isEmpty()) {
                masterIndex = link(master).orElseThrow(
                        () -> new DeviceException("set master " + master + " of", name, Errno.ENODEV)).index();
            }
            req.attrU32(IFLA_MASTER, masterIndex);
        }
        exchange(req, "set link", name, null);
    }

    /** Deletes a link (a veth deletes its peer too). ENODEV when it is absent. */
    public void delete(String name) throws DeviceException {
        NetlinkRequest req = new NetlinkRequest(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, ++seq, 0, 0, 0)
                .attrString(IFLA_IFNAME, checkName(name));
        exchange(req, "delete link", name, null);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            libc.close(fd);
        }
    }

    /**
     * Sends one request and reads until its ack, NLMSG_DONE (dumps) or the single reply, handing each reply
     * message's payload (after nlmsghdr) to {@code onReply}.
     */
    private void exchange(NetlinkRequest request, String operation, String device, Consumer<ByteBuffer> onReply)
            throws DeviceException {
        if (closed) {
            throw new DeviceException(operation, device, Errno.EBADF, "netlink socket closed");
        }
        byte[] bytes = request.toBytes();
        int mySeq = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).getInt(8);
        boolean dump = (ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).getShort(6) & NLM_F_DUMP) == NLM_F_DUMP;
        boolean wantsAck = (ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).getShort(6) & NLM_F_ACK) != 0;
        byte[] kernel = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder())
                .putShort((short) LibC.AF_NETLINK).array();
        try {
            libc.sendto(fd, bytes, new NativeLong(bytes.length), 0, kernel, 12);
        } catch (LastErrorException e) {
            throw new DeviceException(operation, device, Errno.valueOf(e.getErrorCode()), "sendto failed");
        }
        while (true) {
            int n;
            try {
                n = (int) libc.recv(fd, rx, new NativeLong(rx.length), 0).longValue();
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EINTR.code()) {
                    continue;
                }
                throw new DeviceException(operation, device, Errno.valueOf(e.getErrorCode()), "recv failed");
            }
            ByteBuffer b = ByteBuffer.wrap(rx, 0, n).order(ByteOrder.nativeOrder());
            int pos = 0;
            while (pos + NetlinkRequest.NLMSG_HDRLEN <= n) {
                int len = b.getInt(pos);
                int type = Short.toUnsignedInt(b.getShort(pos + 4));
                int flags = Short.toUnsignedInt(b.getShort(pos + 6));
                int msgSeq = b.getInt(pos + 8);
                if (len < NetlinkRequest.NLMSG_HDRLEN || pos + len > n) {
                    throw new DeviceException(operation, device, Errno.EIO, "malformed netlink reply at offset " + pos);
                }
                if (msgSeq == mySeq) {
                    if (type == NLMSG_ERROR) {
                        int error = b.getInt(pos + NetlinkRequest.NLMSG_HDRLEN);
                        if (error == 0) {
                            return;
                        }
                        throw new DeviceException(operation, device, Errno.valueOf(error), extAckMessage(b, pos, len, flags));
                    }
                    if (type == NLMSG_DONE) {
                        return;
                    }
                    if (type != NLMSG_NOOP && onReply != null) {
                        onReply.accept(b.duplicate().position(pos + NetlinkRequest.NLMSG_HDRLEN).limit(pos + len)
                                .slice().order(ByteOrder.nativeOrder()));
                    }
                    if (!dump && !wantsAck && (flags & NLM_F_MULTI) == 0) {
                        return;
                    }
                }
                pos += (len + 3) & ~3;
            }
        }
    }

    /** NLMSGERR_ATTR_MSG from an extended ack (linux/netlink.h, struct nlmsgerr followed by TLVs). */
    private static String extAckMessage(ByteBuffer b, int pos, int len, int flags) {
        if ((flags & NLM_F_ACK_TLVS) == 0) {
            return "";
        }
        int err = pos + NetlinkRequest.NLMSG_HDRLEN;
        int origLen = b.getInt(err + 4);
        int tlvStart = (flags & NLM_F_CAPPED) != 0 ? err + 4 + NetlinkRequest.NLMSG_HDRLEN : err + 4 + ((origLen + 3) & ~3);
        if (tlvStart >= pos + len) {
            return "";
        }
        return NetlinkAttributes.parse(b.duplicate().position(tlvStart).limit(pos + len)).string(NLMSGERR_ATTR_MSG).orElse("");
    }

    /** Parses an RTM_NEWLINK payload: struct ifinfomsg then attributes; empty when too short to be one. */
    static Optional<Link> parseLink(ByteBuffer payload) {
        if (payload.remaining() < NetlinkRequest.IFINFOMSG_LEN) {
            return Optional.empty();
        }
        int index = payload.getInt(4);
        int flags = payload.getInt(8);
        NetlinkAttributes attrs = NetlinkAttributes.parse(payload.duplicate().position(NetlinkRequest.IFINFOMSG_LEN));
        Optional<MacAddress> address = attrs.bytes(IFLA_ADDRESS).filter(a -> a.length == 6).map(MacAddress::of);
        Optional<NetlinkAttributes> info = attrs.nested(IFLA_LINKINFO);
        String kind = info.flatMap(i -> i.string(IFLA_INFO_KIND)).orElse("");
        OptionalInt ageing = info.flatMap(i -> i.nested(IFLA_INFO_DATA)).flatMap(d -> d.u32(IFLA_BR_AGEING_TIME))
                .map(OptionalInt::of).orElse(OptionalInt.empty());
        return Optional.of(new Link(index, attrs.string(IFLA_IFNAME).orElse(""), flags, attrs.u32(IFLA_MTU).orElse(0),
                address, attrs.u32(IFLA_MASTER).orElse(0), kind, ageing));
    }

    /** Interface names are at most IFNAMSIZ - 1 = 15 bytes and contain no '/' or white space (dev_valid_name). */
    static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > 15 || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c) || c > 126)) {
            throw new IllegalArgumentException("not a valid interface name: '" + name + "'");
        }
        return name;
    }

    private static byte[] intBytes(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }
}
