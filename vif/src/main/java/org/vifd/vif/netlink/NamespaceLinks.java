package org.vifd.vif.netlink;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel devices of VIFs in one network namespace, created and removed on that namespace's own thread
 * through {@link Rtnetlink} and {@link TunDevice}. Every operation is idempotent: "ensure" makes the device
 * exist with the given settings, "delete" of an absent device succeeds. Results and failures (a
 * {@link DeviceException} naming device and operation) come back as futures.
 */
public final class NamespaceLinks implements AutoCloseable {
    /** Neutron/os-vif turn learning off on qbr bridges: ageing 0 makes it flood like a hub. */
    public static final int HYBRID_BRIDGE_AGEING = 0;
    private static final Logger log = LoggerFactory.getLogger(NamespaceLinks.class);

    /** Work done with the namespace's open netlink socket. */
    @FunctionalInterface
    public interface RtnlTask<T> {
        T run(Rtnetlink rtnl) throws Exception;
    }

    private final NetnsThread thread;
    private final boolean ownsThread;
    private Rtnetlink rtnl; // only touched on thread

    public NamespaceLinks(NetnsThread thread) {
        this(thread, false);
    }

    private NamespaceLinks(NetnsThread thread, boolean ownsThread) {
        this.thread = thread;
        this.ownsThread = ownsThread;
    }

    /** Links of the named namespace on a thread of their own, closed with this object. */
    public static NamespaceLinks inNamespace(String netnsName) throws DeviceException {
        return new NamespaceLinks(NetnsThread.enter(netnsName), true);
    }

    /** Links of vifd's own namespace on a thread of their own. */
    public static NamespaceLinks inHostNamespace() {
        return new NamespaceLinks(NetnsThread.host(), true);
    }

    public String namespace() {
        return thread.namespace();
    }

    /** Runs any rtnetlink work on the namespace's thread with its socket. */
    public <T> CompletableFuture<T> call(RtnlTask<T> task) {
        return thread.submit(() -> task.run(socket()));
    }

    public CompletableFuture<Optional<Link>> link(String name) {
        return call(r -> r.link(name));
    }

    public CompletableFuture<List<Link>> links() {
        return call(Rtnetlink::links);
    }

    /** A persistent tap with this MAC and MTU, up (os-vif's create_tap). */
    public CompletableFuture<Void> ensureTap(String name, MacAddress mac, int mtu) {
        return call(r -> {
            Optional<Link> existing = r.link(name);
            if (existing.isEmpty()) {
                TunDevice.createPersistentTap(name);
                log.info("created tap {} in netns {}", name, namespace());
            } else if (!existing.get().kind().equals("tun")) {
                throw new DeviceException("create tap", name, Errno.EEXIST, "a " + kindOf(existing.get()) + " device has that name");
            }
            r.update(name, LinkUpdate.NONE.withAddress(mac).withMtu(mtu).withUp(true));
            return null;
        });
    }

    /** A Linux bridge with ageing 0, forward delay 0, STP off, this MTU, up. */
    public CompletableFuture<Void> ensureBridge(String name, int mtu) {
        return call(r -> {
            Optional<Link> existing = r.link(name);
            if (existing.isEmpty()) {
                r.createBridge(name, mtu, HYBRID_BRIDGE_AGEING, 0);
                log.info("created bridge {} in netns {}", name, namespace());
            } else if (!existing.get().kind().equals("bridge")) {
                throw new DeviceException("create bridge", name, Errno.EEXIST, "a " + kindOf(existing.get()) + " device has that name");
            } else {
                r.setBridgeAgeing(name, HYBRID_BRIDGE_AGEING);
            }
            r.update(name, LinkUpdate.NONE.withMtu(mtu).withUp(true));
            return null;
        });
    }

    /**
     * A veth pair {@code name}/{@code peer} with this MTU, both up; {@code name} enslaved to {@code master}
     * when master is not empty.
     */
    public CompletableFuture<Void> ensureVethPair(String name, String peer, int mtu, Optional<String> master) {
        return call(r -> {
            Optional<Link> a = r.link(name);
            Optional<Link> b = r.link(peer);
            if (a.isEmpty() || b.isEmpty()) {
                // A half pair cannot exist; a lone device with one of the names is someone else's.
                for (Optional<Link> l : List.of(a, b)) {
                    if (l.isPresent()) {
                        throw new DeviceException("create veth", l.get().name(), Errno.EEXIST,
                                "a " + kindOf(l.get()) + " device has that name");
                    }
                }
                r.createVeth(name, peer, mtu);
                log.info("created veth pair {}/{} in netns {}", name, peer, namespace());
            }
            LinkUpdate first = LinkUpdate.NONE.withMtu(mtu).withUp(true);
            r.update(name, master.map(first::withMaster).orElse(first));
            r.update(peer, LinkUpdate.NONE.withMtu(mtu).withUp(true));
            return null;
        });
    }

    /** Deletes the device when it exists; true when it did. */
    public CompletableFuture<Boolean> deleteIfExists(String name) {
        return call(r -> {
            if (r.link(name).isEmpty()) {
                return false;
            }
            try {
                r.delete(name);
            } catch (DeviceException e) {
                if (e.errno().equals(Errno.ENODEV)) {
                    return false; // a veth whose peer was deleted meanwhile
                }
                throw e;
            }
            log.info("deleted {} in netns {}", name, namespace());
            return true;
        });
    }

    private static String kindOf(Link l) {
        return l.kind().isEmpty() ? "kernel" : l.kind();
    }

    private Rtnetlink socket() throws DeviceException {
        if (rtnl == null) {
            rtnl = Rtnetlink.open(thread.namespace());
        }
        return rtnl;
    }

    @Override
    public void close() {
        thread.submit(() -> {
            if (rtnl != null) {
                rtnl.close();
                rtnl = null;
            }
            return null;
        });
        if (ownsThread) {
            thread.close();
        }
    }
}
