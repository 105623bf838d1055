package org.vifd.ovsdb.schema;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.vifd.ovsdb.Golden;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Uuid;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaTest {

    private static final Path ALL_TYPES = Path.of("src/test/resources/schema/alltypes.ovsschema");

    @Test
    void everyColumnKindOfTheTestSchemaParses() throws Exception {
        Schema s = Schema.read(ALL_TYPES);
        assertThat(s.name()).isEqualTo("AllTypes");
        assertThat(s.version()).isEqualTo("1.2.3");
        assertThat(s.cksum()).isEqualTo("12345 678");
        TableSchema root = s.table("Root");
        assertThat(root.isRoot()).isTrue();
        assertThat(root.maxRows()).isEqualTo(10);
        assertThat(root.indexes()).containsExactly(List.of("name"), List.of("i", "s"));
        assertThat(s.table("Child").isRoot()).isFalse();
        assertThat(s.table("Child").maxRows()).isNull();

        assertThat(root.column("_uuid").type()).isEqualTo(ColumnType.scalar(AtomicType.UUID));
        assertThat(root.column("_version").type().isScalar()).isTrue();
        assertThat(root.column("name").mutable()).isFalse();
        assertThat(root.column("i").mutable()).isTrue();
        assertThat(root.column("scratch").ephemeral()).isTrue();
        assertThat(root.column("r").type().key().type()).isEqualTo(AtomicType.REAL);
        assertThat(root.column("b").type().key().type()).isEqualTo(AtomicType.BOOLEAN);
        assertThat(root.column("opt_i").type().isOptional()).isTrue();
        assertThat(root.column("set_s").type().max()).isEqualTo(ColumnType.UNLIMITED);
        assertThat(root.column("set_1_3").type()).satisfies(t -> {
            assertThat(t.min()).isEqualTo(1);
            assertThat(t.max()).isEqualTo(3);
            assertThat(t.isSet()).isTrue();
        });
        ColumnType mapIu = root.column("map_iu").type();
        assertThat(mapIu.isMap()).isTrue();
        assertThat(mapIu.key().minInteger()).isZero();
        assertThat(mapIu.key().maxInteger()).isEqualTo(4095);
        assertThat(mapIu.value().refTable()).isEqualTo("Child");
        assertThat(mapIu.value().refType()).isEqualTo(RefType.WEAK);
        assertThat(root.column("children").type().key().refType()).isEqualTo(RefType.STRONG);
        assertThat(root.column("ratio").type().key().maxReal()).isEqualTo(1.0);
        assertThat(root.column("color").type().key().enumValues()).isEqualTo(OvsSet.ofStrings("red", "green", "blue"));
        assertThat(root.column("mode").type().key().enumValues()).isEqualTo(OvsSet.ofStrings("only"));
        assertThat(root.column("short").type().key().minLength()).isEqualTo(1);
        assertThat(root.column("short").type().key().maxLength()).isEqualTo(3);
    }

    @Test
    void theVswitchSchemaFromTheFileAndFromTheServerAgree() throws Exception {
        Schema file = Schema.read(Path.of("/usr/share/openvswitch/vswitch.ovsschema"));
        JsonNode golden = Golden.messages("get_schema.s2c.json").stream().filter(m -> m.path("id").asInt(-1) == 1).findFirst().orElseThrow();
        Schema wire = Schema.parse(golden.get("result"));
        assertThat(wire).isEqualTo(file);
        JsonNode raw = Golden.JSON.readTree(Files.readAllBytes(Path.of("/usr/share/openvswitch/vswitch.ovsschema")));
        for (Map.Entry<String, JsonNode> t : raw.get("tables").properties()) {
            assertThat(file.table(t.getKey()).columns()).as(t.getKey()).hasSize(t.getValue().get("columns").size() + 2);
        }
        ColumnType tag = file.table("Port").column("tag").type();
        assertThat(tag.isOptional()).isTrue();
        assertThat(tag.check(Atom.of(4095))).isNull();
        assertThat(tag.check(Atom.of(4096))).contains("4096", "maxInteger 4095");
    }

    @Test
    void checksNameWhatIsWrong() throws Exception {
        TableSchema root = Schema.read(ALL_TYPES).table("Root");
        assertThat(root.column("color").type().check(Atom.of("purple"))).contains("purple", "not one of");
        assertThat(root.column("short").type().check(Atom.of("toolong"))).contains("longer than maxLength 3");
        assertThat(root.column("short").type().check(Atom.of(""))).contains("shorter than minLength 1");
        assertThat(root.column("ratio").type().check(Atom.of(1.5))).contains("above maxReal");
        assertThat(root.column("i").type().check(Atom.of("x"))).contains("expected integer, got string");
        assertThat(root.column("set_1_3").type().check(OvsSet.empty())).contains("0 element(s)", "1..3");
        assertThat(root.column("set_1_3").type().check(OvsSet.ofIntegers(1, 2, 3, 4))).contains("4 element(s)");
        assertThat(root.column("map_ss").type().check(OvsSet.ofStrings("a", "b"))).contains("expected a map");
        assertThat(root.column("s").type().check(OvsMap.of("a", "b"))).contains("expected string, got map");
        assertThat(root.column("map_iu").type().check(new OvsMap(Map.of(Atom.of(5000), Uuid.random())))).contains("5000");
        assertThat(root.column("children").type().check(OvsSet.of(Uuid.random(), Uuid.random()))).isNull();
        assertThat(root.column("short").type().check(Atom.of("\u2603\u2603\u2603"))).as("three characters, nine bytes").isNull();
    }

    @Test
    void malformedSchemasAreRejectedNamingThePlace() {
        assertThatThrownBy(() -> Schema.parse("{\"name\":\"x\",\"tables\":{\"T\":{\"columns\":{\"c\":{\"type\":\"float\"}}}}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column c").hasMessageContaining("float");
        assertThatThrownBy(() -> Schema.parse("{\"name\":\"x\",\"tables\":{\"T\":{\"columns\":{\"c\":{\"type\":{\"key\":\"integer\",\"min\":2}}}}}}"))
                .hasMessageContaining("min must be 0 or 1");
        assertThatThrownBy(() -> Schema.parse("{\"tables\":{}}")).hasMessageContaining("name");
        assertThatThrownBy(() -> Schema.parse("[")).isInstanceOf(IllegalArgumentException.class);
    }
}
