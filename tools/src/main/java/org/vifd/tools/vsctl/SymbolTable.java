package org.vifd.tools.vsctl;

import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.NamedUuid;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code @name} row ids of one ovs-vsctl transaction ({@code --id=@name create ...} then {@code @name} in later
 * commands). ovs-vsctl's names may hold any characters; each gets a wire-safe uuid-name (RFC 7047 §3.1 {@code <id>}).
 */
public final class SymbolTable {

    private final Map<String, Symbol> symbols = new LinkedHashMap<>();
    private int next;

    /** One symbol: what it stands for (a named-uuid of an insert, or a real uuid from {@code get --id}). */
    public static final class Symbol {
        private final String name;
        private Atom value;
        private boolean created;

        Symbol(String name, Atom value) {
            this.name = name;
            this.value = value;
        }

        public String name() {
            return name;
        }

        public Atom value() {
            return value;
        }

        public boolean created() {
            return created;
        }
    }

    /** The symbol for {@code name} (with the '@'), inserted as a fresh named-uuid if new. */
    public Symbol lookup(String name) {
        return symbols.computeIfAbsent(name, n -> new Symbol(n, new NamedUuid("vifctl_id" + (++next))));
    }

    /** Marks {@code name} as created by this command; fails if another command created it already. */
    public Symbol create(String name) {
        Symbol s = lookup(name);
        if (s.created) {
            throw new VsctlException("row id \"" + name + "\" may only be specified on one --id option");
        }
        s.created = true;
        return s;
    }

    /** Binds {@code name} to an existing row ({@code get --id=@name}). */
    public void bind(String name, Atom uuid) {
        Symbol s = create(name);
        s.value = uuid;
    }

    /** Fails as ovs-vsctl does when an {@code @name} was used but never created. */
    public void checkAllCreated() {
        for (Symbol s : symbols.values()) {
            if (!s.created) {
                throw new VsctlException("row id \"" + s.name + "\" is referenced but never created (e.g. with \"-- --id="
                        + s.name + " create ...\")");
            }
        }
    }
}
