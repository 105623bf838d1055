package org.vifd.agent;

import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.vifd.agent.config.AgentConfig;
import org.vifd.agent.config.AgentConfigReader;
import org.vifd.agent.config.ConfigException;
import org.vifd.agent.intent.InvalidIntentException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vifd --config FILE}: the daemon's command line. */
@Command(name = "vifd", mixinStandardHelpOptions = true, versionProvider = VifdCommand.Version.class,
        description = "Wires VM NICs into Open vSwitch and serves their DHCP (replaces neutron-openvswitch-agent).",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped cleanly", "1:bad configuration or intent, or could not start",
                "2:bad command line"})
public final class VifdCommand implements Callable<Integer> {
    public static final Path DEFAULT_CONFIG = Path.of("/etc/vifd/vifd.yaml");

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML configuration (default ${DEFAULT-VALUE}; if that file is missing, every key takes "
                    + "its default). Keys: docs/agent-config.md.")
    Path config = DEFAULT_CONFIG;

    @Option(names = "--print-config", description = "Print the configuration in force, defaults filled in, and exit.")
    boolean printConfig;

    private final CountDownLatch stop = new CountDownLatch(1);

    public static void main(String[] args) {
        System.exit(new CommandLine(new VifdCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        AgentConfig cfg;
        try {
            cfg = loadConfig();
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("vifd: " + e.getMessage());
            return 1;
        }
        if (printConfig) {
            YAMLMapper yaml = new YAMLMapper(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build());
            spec.commandLine().getOut().print(yaml.writeValueAsString(cfg.toYamlTree()));
            spec.commandLine().getOut().flush();
            return 0;
        }
        Agent agent = new Agent(cfg, Clock.systemUTC());
        try {
            agent.start();
        } catch (InvalidIntentException | IOException e) {
            spec.commandLine().getErr().println("vifd: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stop.countDown();
        }, "vifd-shutdown"));
        stop.await();
        return 0;
    }

    private AgentConfig loadConfig() throws ConfigException {
        if (config.equals(DEFAULT_CONFIG) && !Files.exists(config)) {
            return AgentConfig.DEFAULTS;
        }
        return AgentConfigReader.read(config);
    }

    /** The version Maven stamped into {@code org/vifd/agent/version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = VifdCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"vifd " + p.getProperty("version", "(unknown version)"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
