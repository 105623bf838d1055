package org.vifd.ovsdb.tx;

import org.junit.jupiter.api.Test;
import org.vifd.ovsdb.OvsdbError;
import org.vifd.ovsdb.schema.Schema;
import org.vifd.ovsdb.schema.SchemaViolationException;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionValidationTest {

    private static final Schema SCHEMA = load();

    private static Schema load() {
        try {
            return Schema.read(Path.of("src/test/resources/schema/alltypes.ovsschema"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SchemaViolationException violation(Consumer<Transaction> build) {
        Transaction tx = new Transaction("AllTypes");
        build.accept(tx);
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> tx.validate(SCHEMA));
        assertThat(t).isInstanceOf(SchemaViolationException.class);
        SchemaViolationException e = (SchemaViolationException) t;
        assertThat(e.kind()).isEqualTo(OvsdbError.SCHEMA_VIOLATION);
        return e;
    }

    @Test
    void aValidTransactionOfEveryOperationPasses() {
        Transaction tx = new Transaction("AllTypes");
        NamedUuid child = tx.insert("Child", Row.builder().put("n", 1).build());
        NamedUuid root = tx.insert("Root", Row.builder().put("name", "r").put("i", 1).put("r", 0.5).put("b", true).put("s", "x")
                .put("u", Uuid.random()).put("ratio", 1).put("color", "red").put("short", "abc").put("children", child)
                .put("set_1_3", OvsSet.ofIntegers(1, 2)).put("map_iu", new OvsMap(java.util.Map.of(Atom.of(7), child))).build());
        tx.select("Root", List.of(Condition.equal("name", "r"), new Condition("i", Condition.Function.GREATER_THAN, Atom.of(0))));
        tx.update("Root", List.of(Condition.includes("set_s", OvsSet.ofStrings("a", "b", "c"))), Row.builder().put("vlan", OvsSet.empty()).build());
        tx.mutate("Root", List.of(), List.of(Mutation.add("i", 5), Mutation.insert("set_s", OvsSet.ofStrings("z")),
                Mutation.delete("map_ss", OvsSet.ofStrings("k")), new Mutation("r", Mutation.Mutator.PRODUCT, Atom.of(2.5))));
        tx.delete("Child", List.of(Condition.equal("_uuid", Uuid.random())));
        tx.wait("Root", List.of(), List.of("i"), true, List.of(Row.builder().put("i", 1).build()), 10L);
        tx.commit(false);
        tx.abort();
        tx.comment("c");
        tx.assertLock("l");
        tx.mutate("Child", List.of(), List.of(Mutation.insert("parent", OvsSet.of(root))));
        tx.validate(SCHEMA);
        assertThat(tx.size()).isEqualTo(12);
    }

    @Test
    void violationsNameTableColumnAndValue() {
        SchemaViolationException e = violation(tx -> tx.insert("Root", Row.builder().put("color", "purple").build()));
        assertThat(e.table()).isEqualTo("Root");
        assertThat(e.column()).isEqualTo("color");
        assertThat(e.value()).isEqualTo(Atom.of("purple"));
        assertThat(e.getMessage()).contains("Root", "color", "purple");

        assertThat(violation(tx -> tx.insert("Nope", Row.empty())).getMessage()).contains("Nope", "no such table");
        assertThat(violation(tx -> tx.insert("Root", Row.builder().put("nope", 1).build())).column()).isEqualTo("nope");
        assertThat(violation(tx -> tx.insert("Root", Row.builder().put("_uuid", Uuid.random()).build())).getMessage()).contains("read-only");
        assertThat(violation(tx -> tx.update("Root", List.of(), Row.builder().put("name", "x").build())).getMessage()).contains("not mutable");
        assertThat(violation(tx -> tx.mutate("Root", List.of(), List.of(Mutation.insert("name", Atom.of("x"))))).getMessage()).contains("not mutable");
        assertThat(violation(tx -> tx.insert("Root", Row.builder().put("set_1_3", OvsSet.empty()).build())).getMessage()).contains("0 element(s)");
        assertThat(violation(tx -> tx.insert("Root", Row.builder().put("children", new NamedUuid("ghost")).build())).getMessage())
                .contains("named-uuid ghost");
        assertThat(violation(tx -> {
            tx.insert("Child", Row.empty(), "same");
            tx.insert("Child", Row.empty(), "same");
        }).getMessage()).contains("duplicate uuid-name");
        assertThat(violation(tx -> tx.select("Root", List.of(new Condition("s", Condition.Function.LESS_THAN, Atom.of("a"))))).getMessage())
                .contains("function <");
        assertThat(violation(tx -> tx.select("Root", List.of(Condition.equal("i", "one")))).column()).isEqualTo("i");
        assertThat(violation(tx -> tx.select("Root", List.of(), List.of("name", "nope"))).column()).isEqualTo("nope");
        assertThat(violation(tx -> tx.mutate("Root", List.of(), List.of(Mutation.add("s", 1)))).getMessage()).contains("integer or real");
        assertThat(violation(tx -> tx.mutate("Root", List.of(), List.of(new Mutation("i", Mutation.Mutator.SUM, Atom.of(1.5))))).getMessage())
                .contains("expected integer operand");
        assertThat(violation(tx -> tx.mutate("Root", List.of(), List.of(Mutation.insert("i", Atom.of(1))))).getMessage()).contains("set or map");
        assertThat(violation(tx -> tx.wait("Root", List.of(), List.of("i"), true, List.of(Row.builder().put("i", "x").build()), 0L)).column())
                .isEqualTo("i");
    }

    @Test
    void aSchemaOfAnotherDatabaseIsRefused() {
        Transaction tx = new Transaction("Open_vSwitch");
        tx.comment("x");
        assertThatThrownBy(() -> tx.validate(SCHEMA)).isInstanceOf(SchemaViolationException.class).hasMessageContaining("AllTypes");
    }

    @Test
    void insertsGetDistinctGeneratedNames() {
        Transaction tx = new Transaction("AllTypes");
        NamedUuid a = tx.insert("Child", Row.empty());
        NamedUuid b = tx.insert("Child", Row.empty());
        assertThat(a).isNotEqualTo(b);
        assertThat(tx.toParams().get(1).get("uuid-name").asText()).isEqualTo(a.name());
        assertThat(tx.toParams().get(0).asText()).isEqualTo("AllTypes");
    }
}
