package org.vifd.tools.doc;

import org.vifd.tools.Vifctl;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A build step (tools/pom.xml, exec-maven-plugin at process-classes), not part of vifctl: writes from vifctl's
 * picocli model
 * <ul>
 *   <li>{@code OUT/asciidoc/*.adoc}: picocli's {@link ManPageGenerator} pages (for asciidoctor, if installed);</li>
 *   <li>{@code OUT/man/man1/*.1}: man pages, one per command and subcommand ({@link TroffManPage});</li>
 *   <li>the bash completion script (picocli {@link AutoComplete}) to {@code OUT/vifctl_completion.bash}, and to
 *       COMPLETION (the committed bin/vifctl_completion.bash) when it differs, so that copy never goes stale.</li>
 * </ul>
 * Usage: {@code GenerateDocs OUT [COMPLETION]}. Needs picocli-codegen (provided scope: not in vifctl.jar).
 */
public final class GenerateDocs {

    private GenerateDocs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            throw new IllegalArgumentException("usage: GenerateDocs OUT_DIR [COMPLETION_FILE]");
        }
        Path out = Path.of(args[0]);
        CommandLine cl = Vifctl.commandLine(new Vifctl());

        Path adoc = Files.createDirectories(out.resolve("asciidoc"));
        int rc = ManPageGenerator.generateManPage(adoc.toFile(), null, new boolean[0], true, cl.getCommandSpec());
        if (rc != 0) {
            throw new IOException("picocli ManPageGenerator failed with " + rc);
        }

        Path man1 = Files.createDirectories(out.resolve("man").resolve("man1"));
        // A fresh model: ManPageGenerator leaves its asciidoc markup in the one it was given.
        writeManPages(Vifctl.commandLine(new Vifctl()).getCommandSpec(), man1);

        String completion = completionScript();
        Files.writeString(out.resolve("vifctl_completion.bash"), completion, StandardCharsets.UTF_8);
        if (args.length == 2) {
            Path committed = Path.of(args[1]);
            if (!Files.exists(committed) || !Files.readString(committed).equals(completion)) {
                Files.writeString(committed, completion, StandardCharsets.UTF_8);
            }
        }
    }

    /** vifctl's bash completion script, as picocli generates it for the current command model. */
    public static String completionScript() {
        return AutoComplete.bash("vifctl", Vifctl.commandLine(new Vifctl()));
    }

    private static void writeManPages(CommandSpec spec, Path dir) throws IOException {
        Files.writeString(dir.resolve(TroffManPage.pageName(spec) + ".1"), TroffManPage.render(spec),
                StandardCharsets.UTF_8);
        for (var e : spec.subcommands().entrySet()) {
            CommandSpec sub = e.getValue().getCommandSpec();
            if (sub.name().equals(e.getKey())) {
                writeManPages(sub, dir);
            }
        }
    }
}
