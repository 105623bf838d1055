package org.vifd.tools;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.testkit.Exec;
import org.vifd.testkit.OvsSandboxExtension;
import org.vifd.testkit.SslOvsdbPki;
import org.vifd.testkit.TestCertificates;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ssl:} remotes with ovs-vsctl's {@code -p/-c/-C} options against a real ovsdb-server's {@code pssl:}
 * remote (mutual TLS): vifctl's one-shot commands and ovs-vsctl see and change the same database; a certificate
 * from another CA or a missing key is one line on stderr and exit code 1.
 */
class VsctlSslSandboxTest {
    private static final SslOvsdbPki PKI = SslOvsdbPki.create("vifctl");
    private static final TestCertificates.Leaf CLIENT = PKI.client();
    private static final TestCertificates.Leaf ROGUE_CLIENT = PKI.rogueClient();
    private static final String REMOTE = PKI.remote();

    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().ovsdbServerArgs(PKI.ovsdbServerArgs())
            .build();

    @AfterAll
    static void removePki() {
        PKI.delete();
    }

    private static VifctlInvocation vifctl(List<String> tls, String... args) {
        List<String> all = new ArrayList<>(List.of("--db=" + REMOTE));
        all.addAll(tls);
        all.addAll(List.of(args));
        return VifctlInvocation.run(all.toArray(String[]::new));
    }

    private static String ovsVsctl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ovs-vsctl", "--db=" + REMOTE, "-p", CLIENT.privateKey().toString(),
                "-c", CLIENT.certificate().toString(), "-C", CLIENT.ca().toString(), "--timeout=20", "--no-wait"));
        cmd.addAll(List.of(args));
        var r = Exec.run(Duration.ofSeconds(30), cmd.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r.stdout();
    }

    private static final List<String> LONG_OPTIONS = List.of("--private-key=" + CLIENT.privateKey(),
            "--certificate=" + CLIENT.certificate(), "--ca-cert=" + CLIENT.ca());
    private static final List<String> SHORT_OPTIONS = List.of("-p", CLIENT.privateKey().toString(),
            "-c", CLIENT.certificate().toString(), "-C", CLIENT.ca().toString());

    @Test
    void oneShotCommandsOverSslSeeWhatOvsVsctlOverSslSees() {
        VifctlInvocation add = vifctl(LONG_OPTIONS, "--no-wait", "add-br", "br-tls1");
        assertThat(add.exitCode()).as(add.err()).isZero();
        ovsVsctl("add-br", "br-tls2");

        VifctlInvocation list = vifctl(SHORT_OPTIONS, "list-br");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("br-tls1\n", "br-tls2\n").isEqualTo(ovsVsctl("list-br"));

        VifctlInvocation show = vifctl(SHORT_OPTIONS, "--", "get", "Bridge", "br-tls1", "name");
        assertThat(show.out()).isEqualTo(ovsVsctl("get", "Bridge", "br-tls1", "name"));
    }

    @Test
    void ovsdbClientCommandsUseTheSameOptions() {
        VifctlInvocation r = vifctl(SHORT_OPTIONS, "ovsdb", "list-dbs");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines()).contains("Open_vSwitch");
    }

    @Test
    void aCertificateFromAnotherCaIsOneLineAndExitCode1() {
        VifctlInvocation r = vifctl(List.of("-p", ROGUE_CLIENT.privateKey().toString(), "-c",
                ROGUE_CLIENT.certificate().toString(), "-C", ROGUE_CLIENT.ca().toString()), "list-br");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).hasSize(1).first().asString()
                .startsWith("vifctl: cannot connect to " + REMOTE + ": TLS handshake failed: ");
    }

    @Test
    void aMissingPrivateKeyIsNamed() {
        VifctlInvocation r = vifctl(List.of("-c", CLIENT.certificate().toString(), "-C", CLIENT.ca().toString()),
                "list-br");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("vifctl: cannot connect to " + REMOTE
                + ": private key must be configured to use SSL (--private-key)\n");
    }
}
