package org.vifd.agent.wiring;

import java.nio.file.Path;
import java.time.Duration;
import org.vifd.testkit.ExecResult;
import org.vifd.testkit.OvsSandbox;

/**
 * The testkit's {@link org.vifd.testkit.NamespaceVm} as the wiring tests use it: a VM with a fixed IPv4 address
 * (no DHCP), plugged under its Neutron port id, asked for its local VLAN tag.
 */
final class NamespaceVm implements AutoCloseable {
    private final OvsSandbox sb;
    private final org.vifd.testkit.NamespaceVm vm;
    final String hostIf;
    final String portId;
    final String mac;
    final String ip;

    private NamespaceVm(OvsSandbox sb, org.vifd.testkit.NamespaceVm vm, String portId, String ip) {
        this.sb = sb;
        this.vm = vm;
        this.hostIf = vm.hostIf();
        this.portId = portId;
        this.mac = vm.mac();
        this.ip = ip;
    }

    /** A namespace with eth0 = {@code mac}, {@code ip/24}; its peer is not plugged anywhere yet. */
    static NamespaceVm create(OvsSandbox sb, String portId, String mac, String ip) {
        return create(sb, portId, mac, ip, org.vifd.testkit.NamespaceVm.hostName());
    }

    /** A fresh name for a host end, for a port plugged before its device exists. */
    static String hostName() {
        return org.vifd.testkit.NamespaceVm.hostName();
    }

    /** As {@link #create(OvsSandbox, String, String, String)}, with the host end named {@code hostIf}. */
    static NamespaceVm create(OvsSandbox sb, String portId, String mac, String ip, String hostIf) {
        org.vifd.testkit.NamespaceVm vm = org.vifd.testkit.NamespaceVm.create(sb, "vifd-rc", mac, hostIf);
        try {
            vm.exec("ip", "addr", "add", ip + "/24", "dev", "eth0").ok();
            return new NamespaceVm(sb, vm, portId, ip);
        } catch (RuntimeException e) {
            vm.close();
            throw e;
        }
    }

    /** Plugs the host end into {@code bridge} as Nova would, and waits for its ofport. */
    NamespaceVm plug(String bridge) {
        vm.plugInto(bridge, portId);
        return this;
    }

    long ofport() {
        return vm.ofport();
    }

    String tag() {
        return sb.vsctl("get", "Port", hostIf, "tag").ok().out().strip();
    }

    /** One echo request with a 1 s deadline: true when answered. */
    boolean ping(String target) {
        return vm.exec(Duration.ofSeconds(10), "ping", "-c", "1", "-W", "1", target).succeeded();
    }

    /** Two echo requests with a 1 s deadline each: true when any is answered. */
    boolean pingTwice(String target) {
        return vm.ping(target);
    }

    /** See {@link org.vifd.testkit.NamespaceVm#lostPingsDuring}. */
    int lostPingsDuring(String target, int count, Path log, Duration startWithin, Runnable action) {
        return vm.lostPingsDuring(target, count, log, startWithin, action);
    }

    ExecResult exec(String... cmd) {
        return vm.exec(cmd);
    }

    @Override
    public void close() {
        vm.close();
    }
}
