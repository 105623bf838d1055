package org.vifd.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With ovs-vswitchd running, vifctl waits (as ovs-vsctl does) until cur_cfg reaches the next_cfg it bumped. */
class WaitForVswitchdSandboxTest {

    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).bridges("br-int").build();

    @Test
    void addPortReturnsOnlyAfterVswitchdAppliedTheConfiguration() {
        OvsSandbox sb = OVS.sandbox();
        VifctlInvocation r = VifctlInvocation.run("--db=" + sb.unixRemote(), "--timeout=30", "add-port", "br-int", "wp1",
                "--", "set", "Interface", "wp1", "type=internal");
        assertThat(r.exitCode()).as(r.err()).isZero();
        long next = Long.parseLong(sb.vsctl("get", "Open_vSwitch", ".", "next_cfg").ok().stdout().strip());
        long cur = Long.parseLong(sb.vsctl("get", "Open_vSwitch", ".", "cur_cfg").ok().stdout().strip());
        assertThat(cur).isGreaterThanOrEqualTo(next);
        assertThat(sb.vsctl("get", "Interface", "wp1", "ofport").ok().stdout().strip()).matches("[1-9][0-9]*");
    }

    @Test
    void waitUntilReturnsWhenTheRecordAppears() {
        OvsSandbox sb = OVS.sandbox();
        CompletableFuture<VifctlInvocation> waiting = CompletableFuture.supplyAsync(() ->
                VifctlInvocation.run("--db=" + sb.unixRemote(), "--timeout=60", "wait-until", "Bridge", "br-later",
                        "external_ids:ready=yes"));
        sb.vsctl("add-br", "br-later", "--", "set", "Bridge", "br-later", "datapath_type=netdev").ok();
        assertThat(waiting).isNotDone();
        sb.vsctl("br-set-external-id", "br-later", "ready", "yes").ok();
        VifctlInvocation r = await().atMost(Duration.ofSeconds(30)).until(() -> waiting.getNow(null), v -> v != null);
        assertThat(r.exitCode()).as(r.err()).isZero();
    }
}
