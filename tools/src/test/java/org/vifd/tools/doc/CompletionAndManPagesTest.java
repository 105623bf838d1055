package org.vifd.tools.doc;

import org.junit.jupiter.api.Test;
import org.vifd.testkit.Exec;
import org.vifd.testkit.ExecResult;
import org.vifd.tools.Vifctl;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the build's GenerateDocs step (exec-maven-plugin, process-classes: before the tests) wrote: man pages that
 * groff renders and that name the commands' real options, picocli's asciidoc pages, and a bash completion script
 * equal to the committed bin/vifctl_completion.bash.
 */
class CompletionAndManPagesTest {

    private static final Path DOCS = Path.of("target", "generated-docs");
    private static final Path MAN1 = DOCS.resolve("man").resolve("man1");

    /** The page as man(1) shows it (groff's man macros, plain text), wide enough that no word is hyphenated. */
    private static String man(Path page) {
        ExecResult r = Exec.run(Duration.ofSeconds(30), Map.of(),
                List.of("groff", "-man", "-Tutf8", "-P-cbou", "-rLL=250n", page.toString()));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r.stdout();
    }

    @Test
    void theVifctlPageNamesItsOptionsAndTheOvsVsctlCommands() {
        String text = man(MAN1.resolve("vifctl.1"));
        assertThat(text).startsWith("VIFCTL(1)").contains("NAME", "SYNOPSIS", "OPTIONS", "--db=REMOTE",
                "--no-wait", "add-port", "del-port", "vifctl-of(1)", "ovs-vsctl(8)");
        CommandSpec spec = Vifctl.commandLine(new Vifctl()).getCommandSpec();
        for (OptionSpec o : spec.options()) {
            assertThat(text).as("option %s", o.longestName()).contains(o.longestName());
        }
    }

    @Test
    void everySubcommandHasAPageNamingItsOptions() {
        CommandSpec root = Vifctl.commandLine(new Vifctl()).getCommandSpec();
        root.subcommands().forEach((name, sub) -> {
            Path page = MAN1.resolve("vifctl-" + name + ".1");
            assertThat(page).exists();
            String text = man(page);
            assertThat(text).startsWith(("vifctl-" + name).toUpperCase() + "(1)");
            for (OptionSpec o : sub.getCommandSpec().options()) {
                assertThat(text).as("%s option %s", name, o.longestName()).contains(o.longestName());
            }
        });
        assertThat(man(MAN1.resolve("vifctl-of.1"))).contains("monitor SWITCH", "--rundir=DIR", "--strict");
        assertThat(MAN1.resolve("vifctl-ovsdb-monitor.1")).exists();
    }

    @Test
    void picocliAsciidocPagesAreWrittenToo() throws IOException {
        assertThat(Files.readString(DOCS.resolve("asciidoc").resolve("vifctl.adoc"))).contains("--db", "vifctl-of");
        assertThat(DOCS.resolve("asciidoc").resolve("vifctl-of.adoc")).exists();
    }

    @Test
    void theCommittedCompletionScriptIsTheGeneratedOne() throws IOException {
        String generated = GenerateDocs.completionScript();
        assertThat(generated).contains("--db", "--no-wait", "monitor").contains("vifctl");
        assertThat(Files.readString(DOCS.resolve("vifctl_completion.bash"))).isEqualTo(generated);
        assertThat(Files.readString(Path.of("..", "bin", "vifctl_completion.bash")))
                .as("bin/vifctl_completion.bash is stale: run mvn -pl tools process-classes").isEqualTo(generated);
    }

    @Test
    void controlCharactersAtTheStartOfALineAreProtected() {
        assertThat(TroffManPage.text(".hidden")).isEqualTo("\\&.hidden");
        assertThat(TroffManPage.text("'quoted")).isEqualTo("\\&'quoted");
        assertThat(TroffManPage.escape("a\\b --c")).isEqualTo("a\\eb \\-\\-c");
    }
}
