package org.vifd.tools.vsctl;

import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.NamedUuid;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** What one command prints: text lines, a table, or uuids of rows it created (known only after the commit). */
public final class CommandOutput {

    private final StringBuilder text = new StringBuilder();
    private final List<Object> parts = new ArrayList<>();
    private OutputTable table;

    public void line(String s) {
        flushNothing();
        text.append(s).append('\n');
    }

    public void table(OutputTable t) {
        this.table = t;
    }

    public OutputTable table() {
        return table;
    }

    /** A row id to print after the commit, when a named-uuid has become a uuid. */
    public void uuidLine(Atom id) {
        parts.add(text.toString());
        text.setLength(0);
        parts.add(id);
    }

    private void flushNothing() {
    }

    /** The text, with inserted rows' named-uuids replaced by the uuids the server gave them. */
    public String render(Function<NamedUuid, Atom> resolve) {
        StringBuilder out = new StringBuilder();
        for (Object p : parts) {
            if (p instanceof NamedUuid n) {
                Atom real = resolve.apply(n);
                out.append(real == null ? n.toString() : real.toString()).append('\n');
            } else if (p instanceof Atom a) {
                out.append(a).append('\n');
            } else {
                out.append(p);
            }
        }
        return out.append(text).toString();
    }

    static Function<NamedUuid, Atom> resolver(Map<NamedUuid, ? extends Atom> map) {
        return map::get;
    }
}
