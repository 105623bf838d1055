package org.vifd.tools.vsctl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One command of an ovs-vsctl command line: its name, the options written before it ({@code --if-exists},
 * {@code --id=@name}, ...) and its arguments. Commands are separated by {@code --} (ovs-vsctl(8) "Overview").
 */
public record VsctlCommand(String name, Map<String, String> options, List<String> args) {

    public VsctlCommand {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        args = List.copyOf(args);
    }

    public boolean has(String option) {
        return options.containsKey(option);
    }

    public String option(String option) {
        return options.get(option);
    }

    public String arg(int i) {
        return args.get(i);
    }

    /**
     * Splits the words after the global options into commands (db-ctl-base ctl_parse_commands). {@code firstOptions}
     * are options given before the first command among the global ones, which belong to the first command.
     */
    public static List<VsctlCommand> parse(List<String> words, Map<String, String> firstOptions) {
        List<VsctlCommand> commands = new ArrayList<>();
        Map<String, String> pending = new LinkedHashMap<>(firstOptions);
        int i = 0;
        while (i <= words.size()) {
            int end = words.indexOf("--") < 0 ? words.size() : indexOfFrom(words, "--", i);
            List<String> group = words.subList(i, end);
            if (!group.isEmpty() || !pending.isEmpty()) {
                commands.add(parseOne(group, pending));
                pending = new LinkedHashMap<>();
            }
            i = end + 1;
        }
        if (commands.isEmpty()) {
            throw new VsctlException("missing command name (use --help for help)", 2);
        }
        return commands;
    }

    private static int indexOfFrom(List<String> words, String w, int from) {
        for (int j = from; j < words.size(); j++) {
            if (words.get(j).equals(w)) {
                return j;
            }
        }
        return words.size();
    }

    private static VsctlCommand parseOne(List<String> group, Map<String, String> options) {
        int j = 0;
        while (j < group.size() && group.get(j).startsWith("--") && group.get(j).length() > 2) {
            String opt = group.get(j);
            int eq = opt.indexOf('=');
            String key = eq < 0 ? opt : opt.substring(0, eq);
            if (options.containsKey(key)) {
                throw new VsctlException("'" + key + "' option specified multiple times");
            }
            options.put(key, eq < 0 ? null : opt.substring(eq + 1));
            j++;
        }
        if (j >= group.size()) {
            throw new VsctlException("missing command name (use --help for help)");
        }
        return new VsctlCommand(group.get(j), options, group.subList(j + 1, group.size()));
    }
}
