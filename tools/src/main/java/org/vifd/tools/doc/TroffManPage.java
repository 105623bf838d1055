package org.vifd.tools.doc;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A man(7) page for one picocli command, written from the same model picocli prints {@code --help} from, so the
 * page can never name an option the command lacks. Sections: NAME, SYNOPSIS, DESCRIPTION, OPTIONS, ARGUMENTS,
 * COMMANDS (subcommands, each with its own page), SEE ALSO.
 */
public final class TroffManPage {

    private TroffManPage() {
    }

    /** The page's file name: "vifctl", "vifctl-of", "vifctl-ovsdb-dump". */
    public static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    /** The whole page for {@code spec}, section 1. */
    public static String render(CommandSpec spec) {
        String name = pageName(spec);
        StringBuilder s = new StringBuilder();
        s.append(".\\\" Generated from vifctl's picocli model by org.vifd.tools.doc.GenerateDocs; do not edit.\n");
        String version = spec.root().version().length > 0 ? spec.root().version()[0] : "vifctl";
        s.append(".TH ").append(quote(name.toUpperCase())).append(" 1 \"\" ").append(quote(version))
                .append(" \"vifd Manual\"\n");
        s.append(".SH NAME\n").append(escape(name)).append(" \\- ").append(escape(summary(spec))).append('\n');

        s.append(".SH SYNOPSIS\n");
        s.append(".B ").append(escape(spec.qualifiedName(" "))).append('\n');
        String synopsis = plain(new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
                .synopsis(0));
        String afterName = synopsis.strip().substring(Math.min(synopsis.strip().length(),
                spec.qualifiedName(" ").length())).strip();
        if (!afterName.isEmpty()) {
            s.append(escape(afterName.replaceAll("\\s+", " "))).append('\n');
        }

        // The descriptions are wrapped by hand for --help: keep their lines as written.
        s.append(".SH DESCRIPTION\n.nf\n");
        for (String line : spec.usageMessage().description()) {
            s.append(text(line)).append('\n');
        }
        s.append(".fi\n");

        List<OptionSpec> options = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (!o.hidden()) {
                options.add(o);
            }
        }
        if (!options.isEmpty()) {
            s.append(".SH OPTIONS\n");
            for (OptionSpec o : options) {
                s.append(".TP\n");
                List<String> names = new ArrayList<>();
                for (String n : o.names()) {
                    String label = o.typeInfo().isBoolean() || o.arity().max() == 0 ? "" : "=\\fI"
                            + escape(plain(o.paramLabel())) + "\\fR";
                    names.add("\\fB" + escape(n) + "\\fR" + label);
                }
                s.append(String.join(", ", names)).append('\n');
                s.append(text(String.join(" ", description(o.description(), o.defaultValueString())))).append('\n');
            }
        }

        List<PositionalParamSpec> params = new ArrayList<>();
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                params.add(p);
            }
        }
        if (!params.isEmpty()) {
            s.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : params) {
                s.append(".TP\n\\fI").append(escape(plain(p.paramLabel()))).append("\\fR\n");
                s.append(text(String.join(" ", description(p.description(), p.defaultValueString())))).append('\n');
            }
        }

        Map<String, CommandLine> subs = spec.subcommands();
        List<String> seeAlso = new ArrayList<>();
        if (!subs.isEmpty()) {
            s.append(".SH COMMANDS\n");
            for (Map.Entry<String, CommandLine> e : subs.entrySet()) {
                CommandSpec sub = e.getValue().getCommandSpec();
                if (sub.usageMessage().hidden() || !sub.name().equals(e.getKey())) {
                    continue;
                }
                s.append(".TP\n\\fB").append(escape(sub.name())).append("\\fR\n");
                String summary = summary(sub);
                s.append(text(summary.endsWith(".") ? summary : summary + ".")).append(" See \\fB").append(escape(pageName(sub))).append("\\fR(1).\n");
                seeAlso.add(pageName(sub));
            }
        }
        if (spec.parent() != null) {
            seeAlso.add(0, pageName(spec.parent()));
        }
        seeAlso.addAll(List.of("ovs-vsctl", "ovs-ofctl", "ovsdb-client"));
        s.append(".SH SEE ALSO\n");
        List<String> refs = new ArrayList<>();
        for (String page : seeAlso) {
            refs.add("\\fB" + escape(page) + "\\fR(" + (page.startsWith("ovs") ? "8" : "1") + ")");
        }
        s.append(String.join(",\n", refs)).append('\n');
        return s.toString();
    }

    /** The command's one-line summary: its header, else the first line of its description. */
    static String summary(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        String[] description = spec.usageMessage().description();
        String first = header.length > 0 ? header[0] : description.length > 0 ? description[0] : spec.name();
        return plain(first);
    }

    private static List<String> description(String[] lines, String defaultValue) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.replace("${DEFAULT-VALUE}", defaultValue == null ? "" : defaultValue));
        }
        return out;
    }

    /** picocli markup and format specifiers out: "@|bold x|@" to "x", "%n" to a space, "%%" to "%". */
    static String plain(String s) {
        return s.replaceAll("@\\|\\S+ ([^|]*)\\|@", "$1").replace("%n", " ").replace("%%", "%")
                .replaceAll("\u001B\\[[;\\d]*m", "");
    }

    /** A line of running text: escaped, and protected when it would start with a control character. */
    static String text(String line) {
        String e = escape(plain(line));
        return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
    }

    /** groff escapes: backslash, and hyphens as minus signs (so options copy and paste as typed). */
    static String escape(String s) {
        return s.replace("\\", "\\e").replace("-", "\\-");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\\(dq") + "\"";
    }
}
