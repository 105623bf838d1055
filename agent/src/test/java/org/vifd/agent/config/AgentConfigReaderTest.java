package org.vifd.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentConfigReaderTest {
    static final Path BASE = Path.of("/etc/vifd");

    static AgentConfig parse(String yaml) throws ConfigException {
        return AgentConfigReader.parse(yaml, "vifd.yaml", BASE);
    }

    @Test
    void anEmptyFileGivesTheDocumentedDefaults() throws Exception {
        AgentConfig c = parse("");
        assertThat(c).isEqualTo(AgentConfig.DEFAULTS);
        assertThat(c.ovsdb()).isEqualTo("unix:/var/run/openvswitch/db.sock");
        assertThat(c.integrationBridge()).isEqualTo("br-int");
        assertThat(c.datapathType().ovsName()).isEqualTo("system");
        assertThat(c.bridgeMappings()).isEmpty();
        assertThat(c.openflowListen()).isEqualTo("ptcp:6653:127.0.0.1");
        assertThat(c.controllerTarget()).isEqualTo("tcp:127.0.0.1:6653");
        assertThat(c.intentFile()).isEqualTo(Path.of("/etc/vifd/intent.json"));
        assertThat(c.statusFile()).isEqualTo(Path.of("/etc/vifd/intent.status.json"));
        assertThat(c.stateDir()).isEqualTo(Path.of("/var/lib/vifd"));
        assertThat(c.statusListen()).isEqualTo(new InetSocketAddress("127.0.0.1", 9697));
        assertThat(c.libvirtUri()).isEmpty();
        assertThat(c.libvirtEnabled()).isFalse();
        assertThat(c.dhcp()).isEqualTo(new AgentConfig.Dhcp("openstacklocal", 86400));
    }

    @Test
    void everyKeyIsReadWithItsDocumentedName() throws Exception {
        AgentConfig c = parse("""
                ovsdb: tcp:127.0.0.1:6640,tcp:127.0.0.2:6640
                integration_bridge: br-vm
                datapath_type: netdev            # the userspace datapath
                bridge_mappings: {physnet1: br-phys, physnet2: br-ex}
                openflow_listen: ptcp:6654
                intent_file: intent.yaml
                state_dir: /srv/vifd
                status_listen: "[::1]:19697"
                libvirt_uri: qemu:///system
                dhcp: {dns_domain: example.org., lease_duration: -1, metadata_route: true}
                """);
        assertThat(c.ovsdb()).isEqualTo("tcp:127.0.0.1:6640,tcp:127.0.0.2:6640");
        assertThat(c.integrationBridge()).isEqualTo("br-vm");
        assertThat(c.datapathType()).isEqualTo(AgentConfig.DatapathType.NETDEV);
        assertThat(c.bridgeMappings()).containsExactly(Map.entry("physnet1", "br-phys"),
                Map.entry("physnet2", "br-ex"));
        assertThat(c.controllerTarget()).isEqualTo("tcp:127.0.0.1:6654");
        assertThat(c.intentFile()).as("relative to the config file's directory")
                .isEqualTo(Path.of("/etc/vifd/intent.yaml"));
        assertThat(c.statusFile()).isEqualTo(Path.of("/etc/vifd/intent.status.json"));
        assertThat(c.stateDir()).isEqualTo(Path.of("/srv/vifd"));
        assertThat(c.statusListen().getPort()).isEqualTo(19697);
        assertThat(c.statusListen().getAddress().isLoopbackAddress()).isTrue();
        assertThat(c.libvirtEnabled()).isTrue();
        assertThat(c.dhcp()).isEqualTo(new AgentConfig.Dhcp("example.org.", -1, true));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ptcp:6653:127.0.0.1 | tcp:127.0.0.1:6653",
            "ptcp:6653           | tcp:127.0.0.1:6653",
            "ptcp:               | tcp:127.0.0.1:6653",
            "ptcp:7000:0.0.0.0   | tcp:127.0.0.1:7000",
            "ptcp:7000:[::1]     | tcp:[::1]:7000",
            "punix:/run/vifd.sock| unix:/run/vifd.sock"})
    void theBridgesControllerIsTheActiveFormOfTheListener(String listen, String target) throws Exception {
        assertThat(parse("openflow_listen: \"" + listen + "\"").controllerTarget()).isEqualTo(target);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ovsdb: tcp:127.0.0.1:99999                 | ovsdb                      | bad port '99999'",
            "ovsdb: http://localhost                    | ovsdb                      | not an active connection method",
            "ovsdb: 'unix:'                             | ovsdb                      | names no socket file",
            "ovsdb: 'tcp:1.2.3.4:6640,'                 | ovsdb                      | not an active connection method",
            "integration_bridge: br int                 | integration_bridge         | \"br int\" is not a bridge name",
            "integration_bridge: a-very-long-bridge-name | integration_bridge        | is not a bridge name",
            "datapath_type: dpdk                        | datapath_type              | \"dpdk\" is neither system nor netdev",
            "bridge_mappings: {physnet1: br-int}        | bridge_mappings.physnet1   | is the integration bridge",
            "bridge_mappings: {a: br-x, b: br-x}        | bridge_mappings.b          | already mapped to a",
            "bridge_mappings: {a: 'br/x'}               | bridge_mappings.a          | is not a bridge name",
            "bridge_mappings: [br-phys]                 | bridge_mappings            | got a list",
            "openflow_listen: tcp:127.0.0.1:6653        | openflow_listen            | not a passive connection method",
            "openflow_listen: ptcp:http                 | openflow_listen            | bad port 'http'",
            "status_listen: localhost:9697              | status_listen              | is not IP:PORT",
            "status_listen: 127.0.0.1                   | status_listen              | is not IP:PORT",
            "status_listen: 127.0.0.1:65536             | status_listen              | is not IP:PORT",
            "libvirt_uri: system                        | libvirt_uri                | is not a libvirt URI",
            "intent_file: [a, b]                        | intent_file                | expected a string, got a list",
            "dhcp: {lease_duration: 10}                 | dhcp.lease_duration        | neither at least 60 seconds",
            "dhcp: {metadata_route: yes please}         | dhcp.metadata_route        | expected true or false",
            "dhcp: {lease_duration: a day}              | dhcp.lease_duration        | expected a number of seconds",
            "dhcp: {dns_domain: -bad-.org}              | dhcp.dns_domain            | not a DNS domain name",
            "dhcp: {lease_time: 60}                     | dhcp.lease_time            | unknown key",
            "dhcp: 5                                    | dhcp                       | expected a mapping",
            "ovsdb_remote: unix:/x                      | ovsdb_remote               | unknown key (known keys: ovsdb,"})
    void aBadValueIsRejectedNamingItsKey(String yaml, String key, String words) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.key()).isEqualTo(key);
            assertThat(e.getMessage()).startsWith("vifd.yaml: " + key + ": ").contains(words);
        });
    }

    @Test
    void aDuplicateKeyAndBrokenYamlAreRejectedWithTheirLine() {
        assertThatThrownBy(() -> parse("ovsdb: unix:/a\novsdb: unix:/b\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("vifd.yaml: not valid YAML").hasMessageContaining("Duplicate field 'ovsdb'")
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> parse("ovsdb: [unix:/a\n")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("vifd.yaml: not valid YAML");
        assertThatThrownBy(() -> parse("- a\n- b\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("must be a mapping");
    }

    @Test
    void aNullValueMeansTheDefault() throws Exception {
        assertThat(parse("ovsdb:\nbridge_mappings:\ndhcp:\n")).isEqualTo(AgentConfig.DEFAULTS);
    }

    @Test
    void readNamesTheFileAndResolvesRelativePathsBesideIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("vifd.yaml");
        Files.writeString(f, "intent_file: my-intent.json\nstate_dir: state\n");
        AgentConfig c = AgentConfigReader.read(f);
        assertThat(c.intentFile()).isEqualTo(dir.resolve("my-intent.json"));
        assertThat(c.stateDir()).isEqualTo(dir.resolve("state"));
        assertThat(c.statusFile()).isEqualTo(dir.resolve("my-intent.status.json"));

        assertThatThrownBy(() -> AgentConfigReader.read(dir.resolve("missing.yaml")))
                .isInstanceOf(ConfigException.class).hasMessageEndingWith("missing.yaml: no such file");
        Files.writeString(f, "integration_bridge: 7\n");
        assertThatThrownBy(() -> AgentConfigReader.read(f)).isInstanceOf(ConfigException.class)
                .hasMessage("vifd.yaml: integration_bridge: expected a string, got the number 7");
    }

    @Test
    void theResolvedConfigPrintsWithTheYamlKeyNamesAndReadsBackTheSame() throws Exception {
        AgentConfig c = parse("bridge_mappings: {physnet1: br-phys}\nstatus_listen: 127.0.0.1:0\n");
        String yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().writeValueAsString(c.toYamlTree());
        assertThat(AgentConfigReader.parse(yaml, "printed", BASE)).isEqualTo(c);
        assertThat(c.toYamlTree()).containsOnlyKeys(AgentConfigReader.KEYS);
    }
}
