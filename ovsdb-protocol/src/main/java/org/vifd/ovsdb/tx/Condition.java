package org.vifd.ovsdb.tx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.Value;
import org.vifd.ovsdb.value.ValueJson;

import java.util.Objects;

/** RFC 7047 §5.1 {@code <condition>}: {@code [column, function, value]}. */
public record Condition(String column, Function function, Value value) {

    /** RFC 7047 §5.1 {@code <function>}: a closed set. */
    public enum Function {
        LESS_THAN("<"), LESS_THAN_OR_EQUALS("<="), EQUALS("=="), NOT_EQUALS("!="), GREATER_THAN_OR_EQUALS(">="),
        GREATER_THAN(">"), INCLUDES("includes"), EXCLUDES("excludes");

        private final String wire;

        Function(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public Condition {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(value, "value");
    }

    public static Condition equal(String column, Value value) {
        return new Condition(column, Function.EQUALS, value);
    }

    public static Condition equal(String column, String value) {
        return equal(column, Atom.of(value));
    }

    public static Condition notEqual(String column, Value value) {
        return new Condition(column, Function.NOT_EQUALS, value);
    }

    public static Condition includes(String column, Value value) {
        return new Condition(column, Function.INCLUDES, value);
    }

    public static Condition excludes(String column, Value value) {
        return new Condition(column, Function.EXCLUDES, value);
    }

    public JsonNode toJson() {
        return JsonNodeFactory.instance.arrayNode(3).add(column).add(function.wire()).add(ValueJson.encode(value));
    }
}
