package org.vifd.agent.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.dhcp.Ipv4Address;
import org.vifd.dhcp.LeaseState;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.text.FlowText;
import org.vifd.testkit.NamespaceVm;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;

/**
 * Real DHCP clients (ISC dhclient, busybox udhcpc, dhcpcd) in network namespaces, plugged into a real br-int
 * (userspace datapath), served by {@link DhcpService} over OpenFlow packet-in/packet-out. Each test asserts what
 * the client installed or recorded, not what vifd believes it sent.
 */
class DhcpClientsSandboxTest {
    /**
     * The mount points of dhcpcd's private state: /run is a tmpfs, so after a reboot /run/dhcpcd exists only once
     * dhcpcd's own service has run; an empty directory is what its package would create.
     */
    static final String DHCPCD_DIRS = "mkdir -p /run/dhcpcd /var/lib/dhcpcd && ";

    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).bridges("br-int").build();

    static DhcpAgentHarness agent;
    static final IntentFixture INTENT = new IntentFixture();

    @BeforeAll
    static void startAgent() {
        OvsSandbox sb = OVS.sandbox();
        agent = new DhcpAgentHarness(sb, "vifd-dhcp-state-").start();
    }

    @AfterAll
    static void stopAgent() {
        if (agent != null) {
            agent.close();
        }
    }

    private static NamespaceVm vm(String portId, String mac, String ip) {
        // Tests share the sandbox and the intent; each uses its own port, MAC and address.
        INTENT.port(portId, mac, ip);
        NamespaceVm vm = agent.plugVm(portId, mac);
        agent.apply(INTENT.intent());
        return vm;
    }

    @Test
    void dhclientInstallsAddressRoutesMtuDnsAndRecordsServerAndHostnameThenReleases() {
        try (NamespaceVm vm = vm("port-dhclient", "fa:16:3e:00:01:04", "20.20.20.4")) {
            Path lease = vm.dir().resolve("dhclient.leases");
            Path pid = vm.dir().resolve("dhclient.pid");
            vm.spawn("dhclient.log", "unshare", "--uts", "dhclient", "-d", "-v", "-1", "-lf", lease.toString(),
                    "-pf", pid.toString(), "eth0");
            Awaitility.await("dhclient bound").atMost(DhcpAgentHarness.TIMEOUT)
                    .until(() -> vm.log("dhclient.log").contains("bound to 20.20.20.4"));
            assertThat(vm.addresses()).contains("inet 20.20.20.4/24");
            assertThat(vm.routes()).contains("default via 20.20.20.1 dev eth0")
                    .contains("10.10.0.0/16 via 20.20.20.254 dev eth0");
            assertThat(vm.link()).contains("mtu 1400");
            assertThat(NamespaceVm.read(vm.resolvConf())).contains("nameserver 20.20.20.53")
                    .contains("nameserver 8.8.8.8").contains("search openstacklocal");
            assertThat(NamespaceVm.read(lease)).contains("fixed-address 20.20.20.4;")
                    .contains("option dhcp-server-identifier 20.20.20.2;")
                    .contains("option host-name \"host-20-20-20-4\";")
                    .contains("option domain-name \"openstacklocal\";")
                    .contains("option interface-mtu 1400;")
                    .contains("option subnet-mask 255.255.255.0;");
            assertThat(agent.server().leases().lease(Ipv4Address.parse("20.20.20.4")).state())
                    .isEqualTo(LeaseState.BOUND);

            // RELEASE (RFC 2131 §4.4.6): dhclient -r stops the running client and gives the address back.
            vm.exec(Duration.ofSeconds(30), "unshare", "--uts", "dhclient", "-r", "-v", "-lf", lease.toString(),
                    "-pf", pid.toString(), "eth0").ok();
            Awaitility.await("lease released").atMost(DhcpAgentHarness.TIMEOUT).until(() ->
                    agent.server().leases().lease(Ipv4Address.parse("20.20.20.4")).state() == LeaseState.RELEASED);
        }
    }

    @Test
    void arpForTheDhcpPortAddressIsAnsweredButNotForTheGateway() {
        try (NamespaceVm vm = vm("port-arp", "fa:16:3e:00:01:05", "20.20.20.5")) {
            vm.exec("ip", "addr", "add", "20.20.20.5/24", "dev", "eth0").ok();
            // Any datagram to an on-link address makes the kernel ARP for it (no ping on this machine).
            vm.exec("bash", "-c", "echo probe > /dev/udp/20.20.20.2/9; echo probe > /dev/udp/20.20.20.1/9");
            Awaitility.await("neighbour 20.20.20.2 resolved").atMost(DhcpAgentHarness.TIMEOUT).untilAsserted(() ->
                    assertThat(vm.exec("ip", "neigh", "show", "20.20.20.2", "dev", "eth0").out())
                            .contains("lladdr " + IntentFixture.SERVER_MAC));
            Awaitility.await("gateway resolution failed").atMost(DhcpAgentHarness.TIMEOUT).untilAsserted(() ->
                    assertThat(vm.exec("ip", "neigh", "show", "20.20.20.1", "dev", "eth0").out())
                            .doesNotContain("lladdr").contains("FAILED"));
        }
    }

    @Test
    void udhcpcReceivesEveryOptionItAskedFor() {
        try (NamespaceVm vm = vm("port-udhcpc", "fa:16:3e:00:01:06", "20.20.20.6")) {
            Path env = vm.dir().resolve("udhcpc.env");
            Path script = vm.writeScript("udhcpc.sh", "#!/bin/sh\n"
                    + "{ echo \"EVENT=$1\"; env | sort; echo; } >> " + env + "\n"
                    + "if [ \"$1\" = bound ]; then ip addr add \"$ip/$mask\" dev \"$interface\";"
                    + " ip link set dev \"$interface\" mtu \"$mtu\"; fi\n");
            vm.exec(Duration.ofSeconds(30), "unshare", "--uts", "udhcpc", "-i", "eth0", "-f", "-n", "-q", "-t", "3",
                    "-T", "2", "-O", "staticroutes", "-O", "mtu", "-O", "search", "-s", script.toString()).ok();
            String out = NamespaceVm.read(env);
            assertThat(out).contains("EVENT=bound", "ip=20.20.20.6", "mask=24", "subnet=255.255.255.0",
                    "router=20.20.20.1", "dns=20.20.20.53 8.8.8.8", "domain=openstacklocal",
                    "hostname=host-20-20-20-6", "serverid=20.20.20.2", "mtu=1400", "lease=86400",
                    "staticroutes=10.10.0.0/16 20.20.20.254 0.0.0.0/0 20.20.20.1");
            assertThat(vm.addresses()).contains("inet 20.20.20.6/24");
            assertThat(vm.link()).contains("mtu 1400");
        }
    }

    @Test
    void unknownMacAndUnknownPortGetNoAnswer() {
        // A served port whose VM sends from another MAC, and a VM whose port is not in the intent at all.
        INTENT.port("port-known", "fa:16:3e:00:01:07", "20.20.20.7");
        try (NamespaceVm spoofer = agent.plugVm("port-known", "fa:16:3e:00:0f:07");
             NamespaceVm stranger = agent.plugVm("port-stranger", "fa:16:3e:00:0f:08")) {
            agent.apply(INTENT.intent());
            long packetIns = agent.service().counters().packetIns();
            for (NamespaceVm vm : new NamespaceVm[] {spoofer, stranger}) {
                var r = vm.exec(Duration.ofSeconds(30), "unshare", "--uts", "udhcpc", "-i", "eth0", "-f", "-n", "-q",
                        "-t", "2", "-T", "1", "-s", "/bin/true");
                assertThat(r.exitCode()).as("udhcpc on %s: %s", vm.name(), r.stderr()).isNotZero();
                assertThat(vm.addresses()).doesNotContain("inet ");
            }
            assertThat(agent.service().counters().packetIns()).isEqualTo(packetIns);
            // The spoofer's DISCOVERs stopped at its port's drop flow, not flooded.
            assertThat(OVS.sandbox().ofctl("-O", "OpenFlow13", "dump-flows", "br-int",
                    "table=60,udp,in_port=" + spoofer.ofport() + ",tp_src=68,tp_dst=67").ok().out())
                    .containsPattern("n_packets=[1-9][0-9]*, n_bytes=[0-9]+, priority=150,");
        } finally {
            agent.unwire("port-known");
            agent.unwire("port-stranger");
            INTENT.remove("port-known");
            agent.apply(INTENT.intent());
        }
    }

    @Test
    void dhclientRenewsByUnicastThenGetsNakAndTheNewAddressWhenTheIntentChangesIt() {
        // lease-time 20 s for this port only: T1 10 s, T2 17.5 s (RFC 2131 §4.4.5).
        String shortLease = ", \"extra_dhcp_opts\": [{\"opt_name\": \"lease-time\", \"opt_value\": \"20\"}]";
        INTENT.port("port-renew", "fa:16:3e:00:01:09", "20.20.20.9", shortLease);
        try (NamespaceVm vm = agent.plugVm("port-renew", "fa:16:3e:00:01:09")) {
            agent.apply(INTENT.intent());
            Path lease = vm.dir().resolve("dhclient.leases");
            vm.spawn("dhclient.log", "unshare", "--uts", "dhclient", "-d", "-v", "-lf", lease.toString(),
                    "-pf", vm.dir().resolve("dhclient.pid").toString(), "eth0");
            Awaitility.await("dhclient bound").atMost(DhcpAgentHarness.TIMEOUT)
                    .until(() -> vm.log("dhclient.log").contains("bound to 20.20.20.9"));
            // RENEWING: the REQUEST goes unicast to the server identifier, through our ARP answer and the unicast
            // punt flow, and is ACKed: the address stays, no REBINDING broadcast.
            Awaitility.await("unicast renewal ACKed").atMost(Duration.ofSeconds(25)).until(() ->
                    count(vm.log("dhclient.log"), "bound to 20.20.20.9") >= 2);
            String log = vm.log("dhclient.log");
            assertThat(log).contains("DHCPREQUEST for 20.20.20.9 on eth0 to 20.20.20.2 port 67");
            String afterFirstBind = log.substring(log.indexOf("bound to 20.20.20.9"));
            assertThat(afterFirstBind).doesNotContain("to 255.255.255.255").doesNotContain("DHCPNAK");
            assertThat(vm.exec("ip", "neigh", "show", "20.20.20.2", "dev", "eth0").out())
                    .contains("lladdr " + IntentFixture.SERVER_MAC);

            // The intent gives the port another address: its next renewal gets a NAK, then the new address.
            INTENT.port("port-renew", "fa:16:3e:00:01:09", "20.20.20.19", shortLease);
            DhcpBindingsBuilder.Result r = agent.apply(INTENT.intent());
            assertThat(r.problems()).isEmpty();
            Awaitility.await("bound to the new address").atMost(Duration.ofSeconds(30)).until(() ->
                    vm.log("dhclient.log").contains("bound to 20.20.20.19"));
            String after = vm.log("dhclient.log");
            assertThat(after.substring(after.lastIndexOf("bound to 20.20.20.9"))).contains("DHCPNAK from 20.20.20.2");
            assertThat(vm.addresses()).contains("inet 20.20.20.19/24").doesNotContain("20.20.20.9/");
        } finally {
            agent.unwire("port-renew");
            INTENT.remove("port-renew");
            agent.apply(INTENT.intent());
        }
    }

    @Test
    void afterAnAgentRestartInitRebootGetsAck() {
        try (NamespaceVm vm = vm("port-reboot", "fa:16:3e:00:01:0a", "20.20.20.10")) {
            Path lease = vm.dir().resolve("dhclient.leases");
            Path pid = vm.dir().resolve("dhclient.pid");
            Process first = vm.spawn("dhclient-1.log", "unshare", "--uts", "dhclient", "-d", "-v", "-lf",
                    lease.toString(), "-pf", pid.toString(), "eth0");
            Awaitility.await("dhclient bound").atMost(DhcpAgentHarness.TIMEOUT)
                    .until(() -> vm.log("dhclient-1.log").contains("bound to 20.20.20.10"));
            vm.stop(first);
            agent.server().journal().sync().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();

            agent.restart(INTENT.intent());
            // The journal brought the lease back for /leases.
            assertThat(agent.server().leases().lease(Ipv4Address.parse("20.20.20.10")).state())
                    .isEqualTo(LeaseState.BOUND);
            vm.spawn("dhclient-2.log", "unshare", "--uts", "dhclient", "-d", "-v", "-lf", lease.toString(), "-pf",
                    pid.toString(), "eth0");
            Awaitility.await("dhclient bound again").atMost(DhcpAgentHarness.TIMEOUT)
                    .until(() -> vm.log("dhclient-2.log").contains("bound to 20.20.20.10"));
            // INIT-REBOOT (RFC 2131 §4.3.2): REQUEST for the remembered address, no DISCOVER, answered with ACK.
            assertThat(vm.log("dhclient-2.log")).contains("DHCPREQUEST for 20.20.20.10 on eth0 to 255.255.255.255")
                    .doesNotContain("DHCPDISCOVER").doesNotContain("DHCPNAK");
            DhcpService.Counters c = agent.service().counters();
            assertThat(c.acks()).isGreaterThanOrEqualTo(1);
            assertThat(c.naks()).isZero();
            assertThat(c.offers()).isZero();
        }
    }

    @Test
    void dhcpcdWithDuidAndRapidCommitGetsItsLeaseInOneExchange() throws IOException {
        try (NamespaceVm vm = vm("port-dhcpcd", "fa:16:3e:00:01:0b", "20.20.20.11")) {
            Path run = Files.createDirectories(vm.dir().resolve("run"));
            Path lib = Files.createDirectories(vm.dir().resolve("lib"));
            Path env = vm.dir().resolve("dhcpcd.env");
            // The marker goes last: the test reads the file while the hook may still be writing it.
            Path hook = vm.writeScript("dhcpcd-hook.sh", "#!/bin/sh\n{ env | sort; echo \"DONE=$reason\"; echo; } >> "
                    + env + "\n");
            Path conf = vm.dir().resolve("dhcpcd.conf");
            Files.writeString(conf, "option rapid_commit\n"
                    + "option domain_name_servers, domain_name, domain_search, host_name\n"
                    + "option classless_static_routes, interface_mtu\n"
                    + "require dhcp_server_identifier\n");
            long offers = agent.service().counters().offers();
            // dhcpcd keeps its state in fixed places: give it private ones (a mount namespace with bind mounts).
            vm.spawn("dhcpcd.log", "unshare", "--uts", "--mount", "sh", "-c",
                    DHCPCD_DIRS + "mount --bind " + run + " /run/dhcpcd && mount --bind " + lib
                            + " /var/lib/dhcpcd && exec dhcpcd"
                            + " -f " + conf + " -c " + hook + " -B -1 -4 -A -L -D -t 20 -d eth0");
            Awaitility.await("dhcpcd bound").atMost(DhcpAgentHarness.TIMEOUT)
                    .until(() -> NamespaceVm.read(env).contains("DONE=BOUND"));
            String out = NamespaceVm.read(env);
            assertThat(out).contains("new_ip_address=20.20.20.11", "new_subnet_cidr=24",
                    "new_domain_name_servers=20.20.20.53 8.8.8.8", "new_domain_name=openstacklocal",
                    "new_host_name=host-20-20-20-11", "new_dhcp_server_identifier=20.20.20.2",
                    "new_interface_mtu=1400",
                    "new_classless_static_routes=10.10.0.0/16 20.20.20.254 0.0.0.0/0 20.20.20.1");
            assertThat(vm.addresses()).contains("inet 20.20.20.11/24");
            assertThat(vm.routes()).containsPattern("default via 20.20.20.1 dev eth0 .*mtu 1400")
                    .containsPattern("10.10.0.0/16 via 20.20.20.254 dev eth0 .*mtu 1400");
            // Rapid commit (RFC 4039): DISCOVER answered with an ACK, no OFFER.
            String log = vm.log("dhcpcd.log");
            assertThat(log).contains("sending DISCOVER").contains("acknowledged 20.20.20.11 from 20.20.20.2")
                    .doesNotContain("sending REQUEST").doesNotContain("offered");
            assertThat(agent.service().counters().offers()).isEqualTo(offers);
            // The DUID client identifier (RFC 4361: type 255, IAID, DUID) reached the lease record.
            byte[] clientId = agent.server().leases().lease(Ipv4Address.parse("20.20.20.11")).clientId();
            assertThat(clientId).isNotEmpty();
            assertThat(clientId[0] & 0xff).isEqualTo(255);
        }
    }

    /** dhcpcd in the VM with private state dirs, a hook that appends its environment, and these arguments. */
    private static Process dhcpcd(NamespaceVm vm, String log, String args) throws IOException {
        Path run = Files.createDirectories(vm.dir().resolve("run"));
        Path lib = Files.createDirectories(vm.dir().resolve("lib"));
        Path env = vm.dir().resolve("dhcpcd.env");
        Path hook = vm.writeScript("dhcpcd-hook.sh", "#!/bin/sh\n{ env | sort; echo \"DONE=$reason\"; echo; } >> "
                + env + "\n");
        Path conf = vm.dir().resolve("dhcpcd.conf");
        Files.writeString(conf, "option domain_name_servers, domain_name, domain_search, host_name\n"
                + "option classless_static_routes, interface_mtu\n");
        return vm.spawn(log, "unshare", "--uts", "--mount", "sh", "-c",
                DHCPCD_DIRS + "mount --bind " + run + " /run/dhcpcd && mount --bind " + lib
                        + " /var/lib/dhcpcd && exec dhcpcd"
                        + " -f " + conf + " -c " + hook + " " + args + " eth0");
    }

    /**
     * RFC 2131 §4.4.1 and RFC 5227: dhcpcd ARP-probes the address it was given; another host (a "squatter" namespace
     * on the same network holding 20.20.20.13) answers, so dhcpcd sends DHCPDECLINE. vifd records it (lease state
     * DECLINED, the port's DHCP problem with its id, one WARN line) and holds the address in conflict: a later
     * DISCOVER from the port gets no offer for the hold time (10 min by default): a Neutron binding is fixed, there is
     * no other address to give. dnsmasq does the same with a static host: on DHCPDECLINE it logs "abandoning lease",
     * marks the host's config CONFIG_DECLINED and, for DECLINE_BACKOFF (600 s), logs "not using configured address
     * ... because it was previously declined" instead of offering it (dnsmasq src/rfc2131.c, src/dnsmasq.h).
     */
    @Test
    void dhcpcdFindsASquatterOnItsAddressAndDeclinesItAndTheAddressIsNotOfferedAgain() throws IOException {
        Ipv4Address ip = Ipv4Address.parse("20.20.20.13");
        try (NamespaceVm squatter = NamespaceVm.create(OVS.sandbox(), "vifd-dh", "fa:16:3e:00:01:1d")
                .plugInto("br-int", "port-squatter");
             NamespaceVm vm = vm("port-decline", "fa:16:3e:00:01:0d", "20.20.20.13")) {
            squatter.exec("ip", "addr", "add", "20.20.20.13/24", "dev", "eth0").ok();
            long declines = agent.server().responder().received(org.vifd.dhcp.DhcpMessageType.DECLINE);
            // No -A: dhcpcd probes (RFC 5227) before it uses the address.
            Process client = dhcpcd(vm, "dhcpcd.log", "-B -4 -L -t 60 -d");
            Path env = vm.dir().resolve("dhcpcd.env");
            Awaitility.await("DECLINE received").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(agent.server().leases().lease(ip)).isNotNull()
                            .extracting(org.vifd.dhcp.Lease::state).isEqualTo(LeaseState.DECLINED));
            assertThat(agent.server().responder().received(org.vifd.dhcp.DhcpMessageType.DECLINE))
                    .isGreaterThan(declines);
            assertThat(agent.server().responder().inConflict(ip)).isTrue();
            assertThat(agent.service().problems().get("port-decline")).satisfies(p -> {
                assertThat(p.kind()).isEqualTo("decline");
                assertThat(p.reason()).contains("20.20.20.13", "fa:16:3e:00:01:0d", "in use by another host");
            });
            assertThat(vm.log("dhcpcd.log")).containsIgnoringCase("decline");
            assertThat(NamespaceVm.read(env)).doesNotContain("DONE=BOUND");
            assertThat(vm.addresses()).doesNotContain("20.20.20.13");

            // The port asks again (a second client, udhcpc, two DISCOVERs): no offer while the address is held.
            vm.stop(client);
            long offers = agent.service().counters().offers();
            long discovers = agent.server().responder().received(org.vifd.dhcp.DhcpMessageType.DISCOVER);
            var udhcpc = vm.exec(Duration.ofSeconds(30), "udhcpc", "-i", "eth0", "-n", "-q", "-t", "2", "-T", "1",
                    "-s", "/bin/true");
            assertThat(udhcpc.exitCode()).as("udhcpc got no lease").isNotZero();
            assertThat(agent.server().responder().received(org.vifd.dhcp.DhcpMessageType.DISCOVER))
                    .isGreaterThan(discovers);
            assertThat(agent.service().counters().offers()).isEqualTo(offers);
        } finally {
            agent.unwire("port-decline");
            INTENT.remove("port-decline");
            agent.apply(INTENT.intent());
        }
    }

    /**
     * RFC 2131 §3.4 and §4.3.5: a client that already has its address (configured by hand) asks only for the
     * options with DHCPINFORM; vifd answers DHCPACK to ciaddr with the options and without yiaddr or lease times,
     * and records no lease. What dhcpcd recorded is what its hook got.
     */
    @Test
    void dhcpcdInformGetsTheOptionsWithoutALease() throws IOException {
        Ipv4Address ip = Ipv4Address.parse("20.20.20.14");
        try (NamespaceVm vm = vm("port-inform", "fa:16:3e:00:01:0e", "20.20.20.14")) {
            vm.exec("ip", "addr", "add", "20.20.20.14/24", "dev", "eth0").ok();
            long informs = agent.server().responder().received(org.vifd.dhcp.DhcpMessageType.INFORM);
            long acks = agent.service().counters().acks();
            dhcpcd(vm, "dhcpcd.log", "-s 20.20.20.14/24 -B -1 -4 -A -L -t 20 -d");
            Path env = vm.dir().resolve("dhcpcd.env");
            Awaitility.await("dhcpcd informed").atMost(DhcpAgentHarness.TIMEOUT)
                    .until(() -> NamespaceVm.read(env).contains("DONE=INFORM"));
            String out = NamespaceVm.read(env);
            assertThat(out).contains("new_domain_name=openstacklocal", "new_domain_name_servers=20.20.20.53 8.8.8.8",
                    "new_dhcp_server_identifier=20.20.20.2", "new_host_name=host-20-20-20-14",
                    "new_classless_static_routes=10.10.0.0/16 20.20.20.254 0.0.0.0/0 20.20.20.1")
                    .doesNotContain("new_dhcp_lease_time").doesNotContain("new_dhcp_renewal_time");
            assertThat(vm.log("dhcpcd.log")).containsIgnoringCase("INFORM");
            assertThat(agent.server().responder().received(org.vifd.dhcp.DhcpMessageType.INFORM))
                    .isGreaterThan(informs);
            assertThat(agent.service().counters().acks()).isGreaterThan(acks);
            assertThat(agent.server().leases().lease(ip)).as("INFORM leases nothing").isNull();
        }
    }

    @Test
    void vswitchdShowsExactlyTheFlowsAndMeterWeInstalled() {
        try (NamespaceVm vm = vm("port-flows", "fa:16:3e:00:01:0c", "20.20.20.12")) {
            DhcpPort port = agent.service().snapshot().ports().stream()
                    .filter(p -> p.portId().equals("port-flows")).findFirst().orElseThrow();
            // The oracle: ovs-ofctl's own dump of what vswitchd accepted, line for line against our text form.
            String dump = agent.dumpFlows(DhcpFlows.TABLE_DHCP) + "\n" + agent.dumpFlows(DhcpFlows.TABLE_PUNT);
            for (FlowMod f : agent.flows.portFlows(port)) {
                assertThat(dump).contains(FlowText.print(f, FlowText.Options.NO_STATS));
            }
            assertThat(dump).contains("userdata=00.00.00." + String.format("%02x", port.portKey()));
            assertThat(OVS.sandbox().ofctl("-O", "OpenFlow13", "dump-meters", "br-int").ok().out())
                    .contains("meter=" + port.portKey() + " pktps burst stats bands=")
                    .contains("type=drop rate=40 burst_size=80");
            // Removing the port: one delete by its cookie takes all its DHCP flows, in every table.
            agent.connection().apply(org.vifd.openflow.connection.FlowBatch.of(
                    DhcpFlows.deletePortFlows(port.portKey()))).orTimeout(20, java.util.concurrent.TimeUnit.SECONDS)
                    .join();
            assertThat(agent.dumpFlows(DhcpFlows.TABLE_DHCP) + agent.dumpFlows(DhcpFlows.TABLE_PUNT))
                    .doesNotContain("in_port=" + vm.ofport() + ",").doesNotContain("in_port=" + vm.ofport() + " ");
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
