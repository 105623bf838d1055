package org.vifd.agent.ovn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vifd.agent.config.AgentConfig;
import org.vifd.agent.config.AgentConfigReader;
import org.vifd.agent.config.ConfigException;
import org.vifd.agent.intent.FileIntentSource;
import org.vifd.agent.intent.IntentSource;

/** The configuration keys of the OVN Northbound intent source and the choice of source they make. */
class OvnConfigTest {
    private static AgentConfig parse(String yaml) throws ConfigException {
        return AgentConfigReader.parse(yaml, "vifd.yaml", Path.of("/etc/vifd"));
    }

    @Test
    void clusterRemotesAndReportUp() throws Exception {
        AgentConfig c = parse("intent_ovn_nb: tcp:10.0.0.1:6641,tcp:10.0.0.2:6641,tcp:10.0.0.3:6641\n"
                + "ovn_report_up: false\n");
        assertThat(c.ovnNb().enabled()).isTrue();
        assertThat(c.ovnNb().remotes()).isEqualTo("tcp:10.0.0.1:6641,tcp:10.0.0.2:6641,tcp:10.0.0.3:6641");
        assertThat(c.ovnNb().reportUp()).isFalse();
        assertThat(c.toYamlTree()).containsEntry("ovn_report_up", false).doesNotContainKey("intent_file");
        String yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().writeValueAsString(c.toYamlTree());
        assertThat(AgentConfigReader.parse(yaml, "printed", Path.of("/etc/vifd"))).as("prints and reads back")
                .isEqualTo(c);
    }

    @Test
    void withoutTheKeysTheFileSourceIsUsed() throws Exception {
        AgentConfig c = parse("integration_bridge: br-int\n");
        assertThat(c.ovnNb().enabled()).isFalse();
        assertThat(c.ovnNb().reportUp()).as("default").isTrue();
        assertThat(c.toYamlTree()).containsEntry("intent_ovn_nb", "");
        try (IntentSource s = IntentSources.create(c)) {
            assertThat(s).isInstanceOf(FileIntentSource.class);
        }
    }

    @Test
    void theOvnKeyMakesAnOvnSource() throws Exception {
        try (IntentSource s = IntentSources.create(parse("intent_ovn_nb: tcp:127.0.0.1:1\n"))) {
            assertThat(s).isInstanceOf(OvnNbIntentSource.class);
            assertThat(s.current().ports()).as("nothing before it has loaded").isEmpty();
        }
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> parse("intent_ovn_nb: 10.0.0.1:6641\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("intent_ovn_nb");
        assertThatThrownBy(() -> parse("intent_ovn_nb: tcp:10.0.0.1:6641\nintent_file: /x.json\n"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> parse("intent_ovn_nb: ssl:10.0.0.1:6641\n"))
                .hasMessageContaining("intent_ovn_nb").hasMessageContaining("needs ovn_nb_ssl");
        assertThatThrownBy(() -> parse("ovn_report_up: yes please\n"))
                .hasMessageContaining("ovn_report_up").hasMessageContaining("true or false");
    }

    @Test
    void sslRemotesTakeKeyCertificateAndCaFilesRelativeToTheConfigFile(@TempDir Path dir) throws Exception {
        for (String f : List.of("nb-privkey.pem", "nb-cert.pem", "cacert.pem")) {
            Files.writeString(dir.resolve(f), "x");
        }
        AgentConfig c = AgentConfigReader.parse("intent_ovn_nb: ssl:10.0.0.1:6641,ssl:10.0.0.2:6641\n"
                + "ovn_nb_ssl: {private_key: nb-privkey.pem, certificate: nb-cert.pem, ca_cert: "
                + dir.resolve("cacert.pem") + "}\n", "vifd.yaml", dir);
        assertThat(c.ovnNb().ssl()).isEqualTo(new AgentConfig.Ssl(dir.resolve("nb-privkey.pem"),
                dir.resolve("nb-cert.pem"), dir.resolve("cacert.pem")));
        String yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().writeValueAsString(c.toYamlTree());
        assertThat(AgentConfigReader.parse(yaml, "printed", dir)).as("prints and reads back").isEqualTo(c);
        // Files that are not PEM: the source cannot be made, and the message names the files.
        assertThatThrownBy(() -> IntentSources.create(c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nb-privkey.pem").hasMessageContaining("cacert.pem");
    }

    @Test
    void badSslSettingsNameTheKey(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("k.pem"), "x");
        assertThatThrownBy(() -> AgentConfigReader.parse("intent_ovn_nb: ssl:10.0.0.1:6641\n"
                + "ovn_nb_ssl: {private_key: k.pem, certificate: k.pem}\n", "vifd.yaml", dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ovn_nb_ssl.ca_cert");
        assertThatThrownBy(() -> AgentConfigReader.parse("intent_ovn_nb: ssl:10.0.0.1:6641\n"
                + "ovn_nb_ssl: {private_key: k.pem, certificate: k.pem, ca_cert: missing.pem}\n", "vifd.yaml", dir))
                .hasMessageContaining("ovn_nb_ssl.ca_cert").hasMessageContaining("missing.pem");
        assertThatThrownBy(() -> AgentConfigReader.parse("ovn_nb_ssl: {private_key: k.pem, cert: k.pem}\n",
                "vifd.yaml", dir)).hasMessageContaining("ovn_nb_ssl.cert").hasMessageContaining("unknown key");
        assertThatThrownBy(() -> AgentConfigReader.parse("ovn_nb_ssl: yes\n", "vifd.yaml", dir))
                .hasMessageContaining("ovn_nb_ssl").hasMessageContaining("mapping");
    }
}
