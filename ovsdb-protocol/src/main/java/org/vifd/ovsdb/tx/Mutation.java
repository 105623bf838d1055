package org.vifd.ovsdb.tx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.Value;
import org.vifd.ovsdb.value.ValueJson;

import java.util.Objects;

/** RFC 7047 §5.1 {@code <mutation>}: {@code [column, mutator, value]}. */
public record Mutation(String column, Mutator mutator, Value value) {

    /** RFC 7047 §5.1 {@code <mutator>}: a closed set. */
    public enum Mutator {
        SUM("+="), DIFFERENCE("-="), PRODUCT("*="), QUOTIENT("/="), REMAINDER("%="), INSERT("insert"), DELETE("delete");

        private final String wire;

        Mutator(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public boolean isArithmetic() {
            return this != INSERT && this != DELETE;
        }
    }

    public Mutation {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(mutator, "mutator");
        Objects.requireNonNull(value, "value");
    }

    /** Adds elements to a set column or pairs to a map column. */
    public static Mutation insert(String column, Value value) {
        return new Mutation(column, Mutator.INSERT, value);
    }

    /** Removes elements from a set, or pairs (given as a map) or keys (given as a set) from a map. */
    public static Mutation delete(String column, Value value) {
        return new Mutation(column, Mutator.DELETE, value);
    }

    public static Mutation add(String column, long amount) {
        return new Mutation(column, Mutator.SUM, Atom.of(amount));
    }

    public JsonNode toJson() {
        return JsonNodeFactory.instance.arrayNode(3).add(column).add(mutator.wire()).add(ValueJson.encode(value));
    }
}
