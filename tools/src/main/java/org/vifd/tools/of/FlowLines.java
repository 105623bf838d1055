package org.vifd.tools.of;

import org.vifd.openflow.protocol.FlowModCommand;
import org.vifd.tools.vsctl.VsctlException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The flows of an {@code add-flows FILE} (ovs-ofctl(8)): one per line, blank lines and lines starting with {@code #}
 * skipped, {@code -} for standard input; a line may start with {@code add}, {@code modify}, {@code delete},
 * {@code modify_strict} or {@code delete_strict} to say what it does (add by default).
 */
public final class FlowLines {

    /** One flow of the file, with its 1-based line number for error messages. */
    public record Line(int number, FlowModCommand command, String flow) {
    }

    private FlowLines() {
    }

    public static List<Line> read(String file, InputStream stdin) {
        try {
            if (file.equals("-")) {
                return parse(new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).lines().toList());
            }
            return parse(Files.readAllLines(Path.of(file), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new VsctlException(file + ": open failed (No such file or directory)");
        } catch (IOException e) {
            throw new VsctlException(file + ": read failed (" + e.getMessage() + ")");
        }
    }

    public static List<Line> parse(List<String> lines) {
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i).strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            FlowModCommand command = FlowModCommand.ADD;
            int sp = indexOfSpace(s);
            String first = sp < 0 ? s : s.substring(0, sp);
            FlowModCommand named = switch (first) {
                case "add" -> FlowModCommand.ADD;
                case "modify" -> FlowModCommand.MODIFY;
                case "modify_strict" -> FlowModCommand.MODIFY_STRICT;
                case "delete" -> FlowModCommand.DELETE;
                case "delete_strict" -> FlowModCommand.DELETE_STRICT;
                default -> null;
            };
            if (named != null) {
                command = named;
                s = sp < 0 ? "" : s.substring(sp + 1).strip();
            }
            out.add(new Line(i + 1, command, s));
        }
        return out;
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
