package org.vifd.ovsdb.client;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.vifd.ovsdb.Golden;
import org.vifd.ovsdb.jsonrpc.RawJson;
import org.vifd.ovsdb.schema.ColumnSchema;
import org.vifd.ovsdb.schema.Schema;
import org.vifd.ovsdb.schema.TableSchema;
import org.vifd.ovsdb.value.JsonTextReader;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.ovsdb.value.Value;
import org.vifd.ovsdb.value.ValueJson;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The text decoder of {@code <table-updates2>} ({@link UpdateDecoder#readUpdates2(JsonTextReader, Schema, Map)}, what
 * a replica's initial load goes through) against the streaming one over Jackson's tokens: the same updates for every
 * valid input, shaped or not, and for anything else an IllegalArgumentException, never another exception.
 */
class UpdateTextDecodingTest {

    private static final Schema ALL_TYPES = schema();
    private static final TableSchema ROOT = ALL_TYPES.table("Root");
    private static final Map<String, Row.Shape> SHAPES = Map.of("Root", Row.Shape.of(List.of("_uuid", "name", "i", "set_s", "map_ss",
            "opt_i", "children")), "Child", Row.Shape.of(List.of("_uuid", "n")));

    private static Schema schema() {
        try {
            return Schema.read(Path.of("src/test/resources/schema/alltypes.ovsschema"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Through Jackson's tokens (the reference), or an exception. */
    private static Object viaTokens(byte[] text, Map<String, Row.Shape> shapes) {
        try (JsonParser p = RawJson.of(text, 0, text.length).parser()) {
            p.nextToken();
            return UpdateDecoder.readUpdates2(p, ALL_TYPES, shapes);
        } catch (IOException | RuntimeException e) {
            return e;
        }
    }

    private static Object viaText(byte[] text, Map<String, Row.Shape> shapes) {
        try {
            return UpdateDecoder.readUpdates2(new JsonTextReader(text, 0, text.length), ALL_TYPES, shapes);
        } catch (IllegalArgumentException e) {
            return e;
        }
    }

    private static void assertSame(byte[] text) {
        for (Map<String, Row.Shape> shapes : List.of(Map.<String, Row.Shape>of(), SHAPES)) {
            Object want = viaTokens(text, shapes);
            Object got = viaText(text, shapes);
            String shown = new String(text, StandardCharsets.UTF_8);
            if (want instanceof Exception) {
                assertThat(got).as("%s (shapes %s): reference failed with %s", shown, shapes.keySet(), want)
                        .isInstanceOf(IllegalArgumentException.class);
            } else {
                assertThat(got).as("%s (shapes %s)", shown, shapes.keySet()).isEqualTo(want);
            }
        }
    }

    @Test
    void goldenRepliesOfARealServerDecodeAlike() {
        for (String fixture : List.of("monitor_cond.A.s2c.json", "monitor_cond_since.A.s2c.json", "client_monitor_cond.s2c.json",
                "client_monitor_cond_since.s2c.json")) {
            for (JsonNode m : Golden.messages(fixture)) {
                JsonNode updates = m.has("result") ? m.get("result") : m.get("params");
                if (updates == null || !updates.isArray()) {
                    continue;
                }
                for (JsonNode u : updates) {
                    if (u.isObject()) {
                        assertSame(u.toString().getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    @Test
    void escapesUnicodeNumbersAndWhitespaceDecodeAlike() {
        String u1 = "10fd57cf-0c7c-4149-8adc-48f8fe773a84";
        for (String text : List.of(
                "{\"Root\":{\"" + u1 + "\":{\"initial\":{\"name\":\"h\\u00e9\\\"llo\\n \u2603 \\ud83d\\ude00\",\"i\":-9223372036854775808}}}}",
                " { \"Root\" : { \"" + u1 + "\" : { \"insert\" : { \"set_s\" : [ \"set\" , [ \"a\" , \"b\" ] ] ,\t\"r\" : 1.5e300 } } } } ",
                "{\"Root\":{\"" + u1 + "\":{\"initial\":{\"i\":9223372036854775808}}}}",
                "{\"Root\":{\"" + u1 + "\":{\"initial\":{\"i\":1.0}}}}",
                "{\"Root\":{\"" + u1 + "\":{\"initial\":{\"r\":3}}}}",
                "{\"Root\":{\"" + u1 + "\":{\"initial\":{\"n\\u0061me\":\"x\",\"map_ss\":[\"map\",[[\"k\",\"v\"],[\"k\",\"w\"]]]}}}}",
                "{\"Root\":{\"" + u1 + "\":{\"modify\":{\"map_ss\":[\"set\",[]]},\"initial\":{\"name\":\"first\"}}}}",
                "{\"Root\":{\"" + u1 + "\":{\"delete\":null}},\"Child\":{}}",
                "{\"Root\":{\"" + u1.toUpperCase() + "\":{\"insert\":{\"u\":[\"uuid\",\"" + u1 + "\"],\"children\":[\"uuid\",\"" + u1 + "\"]}}}}",
                "{\"Root\":{\"" + u1 + "\":{\"insert\":{\"u\":[\"named-uuid\",\"x\"]}}}}",
                "{\"Root\":{\"" + u1 + "\":{\"insert\":{\"b\":true,\"opt_i\":[\"set\",[]],\"vlan\":[\"set\",[4096]]}}}}",
                "{\"Root\":{\"" + u1 + "\":{\"insert\":{\"color\":\"purple\"}}}}",
                "{\"Root\":{\"" + u1 + "\":{\"frob\":{},\"insert\":null}}}",
                "{\"Root\":{\"" + u1 + "\":{}}}",
                "{\"Root\":{\"not-a-uuid\":{\"insert\":{}}}}",
                "{\"Root\":{\"+0fd57cf-0c7c-4149-8adc-48f8fe773a84\":{\"insert\":{}}}}",
                "{\"Root\":{\"\\u0031" + u1.substring(1) + "\":{\"insert\":{}}}}",
                "{\"Root\":[]}", "[]", "{\"Root\":{\"" + u1 + "\":{\"insert\":{\"i\":null}}}}",
                "{\"Root\":{\"" + u1 + "\":{\"insert\":{\"i\":[\"set\",[1]]}}}}",
                "{\"Root\":{\"" + u1 + "\":{\"insert\":{\"unknown\":[\"map\",[[1,[\"uuid\",\"" + u1 + "\"]]]]}}}}",
                "{\"Nope\":{\"" + u1 + "\":{\"insert\":{\"x\":[\"set\",[1,2,\"three\"]]}}}}")) {
            assertSame(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Provide
    Arbitrary<Map.Entry<ColumnSchema, Value>> columnValues() {
        return Arbitraries.of(List.copyOf(ROOT.columns().values()))
                .filter(c -> !c.name().startsWith("_"))
                .flatMap(c -> org.vifd.ovsdb.value.ValueJsonPropertyTest.valuesOf(c.type()).map(v -> Map.entry(c, v)));
    }

    @Provide
    Arbitrary<List<Map.Entry<ColumnSchema, Value>>> rows() {
        return columnValues().list().ofMaxSize(8);
    }

    /** A table-updates2 of generated rows, each under a random kind, written as ovsdb-server would (or pretty). */
    private static byte[] updatesText(List<List<Map.Entry<ColumnSchema, Value>>> rows, long seed, boolean pretty) throws IOException {
        Random rnd = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Golden.JSON.getFactory().createGenerator(out)) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            g.writeStartObject();
            g.writeFieldName("Root");
            g.writeStartObject();
            for (List<Map.Entry<ColumnSchema, Value>> row : rows) {
                g.writeFieldName(new UUID(rnd.nextLong(), rnd.nextLong()).toString());
                g.writeStartObject();
                RowUpdate2.Kind kind = RowUpdate2.Kind.values()[rnd.nextInt(4)];
                g.writeFieldName(kind.wire());
                if (kind == RowUpdate2.Kind.DELETE) {
                    g.writeNull();
                } else {
                    Row.Builder b = Row.builder();
                    row.forEach(e -> b.put(e.getKey().name(), e.getValue()));
                    ValueJson.writeRow(g, b.build());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    @Property(tries = 300)
    void generatedUpdatesDecodeAlikeShapedOrNot(@ForAll("rowLists") List<List<Map.Entry<ColumnSchema, Value>>> rows,
                                                @ForAll long seed, @ForAll boolean pretty) throws IOException {
        byte[] text = updatesText(rows, seed, pretty);
        Object want = viaTokens(text, SHAPES);
        assertThat(want).isInstanceOf(TableUpdates.class);
        assertSame(text);
    }

    @Provide
    Arbitrary<List<List<Map.Entry<ColumnSchema, Value>>>> rowLists() {
        return rows().list().ofMaxSize(6);
    }

    /** Mutated and cut-off texts: the text decoder agrees with the reference or refuses with IllegalArgumentException. */
    @Property(tries = 1000)
    void garbageNeverCrashesTheTextDecoder(@ForAll("rowLists") List<List<Map.Entry<ColumnSchema, Value>>> rows, @ForAll long seed,
                                           @ForAll @IntRange(min = 1, max = 8) int mutations, @ForAll boolean cut) throws IOException {
        byte[] text = updatesText(rows, seed, false);
        Random rnd = new Random(seed ^ 0x5DEECE66DL);
        String alphabet = "{}[],:\"\\ 0123456789-+.eEtruefalsnl-abcdef\u00e9u";
        byte[] bytes = alphabet.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < mutations && text.length > 0; i++) {
            text[rnd.nextInt(text.length)] = rnd.nextInt(8) == 0 ? (byte) rnd.nextInt(256) : bytes[rnd.nextInt(bytes.length)];
        }
        if (cut && text.length > 0) {
            text = java.util.Arrays.copyOf(text, rnd.nextInt(text.length));
        }
        boolean wellFormed;
        try {
            Golden.JSON.readTree(text);
            wellFormed = true;
        } catch (IOException e) {
            wellFormed = false;
        }
        if (wellFormed) {
            assertSame(text);
        } else {
            for (Map<String, Row.Shape> shapes : List.of(Map.<String, Row.Shape>of(), SHAPES)) {
                Object got = viaText(text, shapes);   // throws (failing the property) if anything but IAE escapes
                assertThat(got).isNotNull();
            }
        }
    }

    @Test
    void initialRowsOfAShapedTableComeInTheShapeWithDefaults() {
        String u1 = "10fd57cf-0c7c-4149-8adc-48f8fe773a84";
        byte[] text = ("{\"Root\":{\"" + u1 + "\":{\"initial\":{\"children\":[\"uuid\",\"" + u1 + "\"],\"name\":\"a\",\"s\":\"dropped\"}},"
                + "\"" + u1.replace('1', '2') + "\":{\"modify\":{\"i\":5}}}}").getBytes(StandardCharsets.UTF_8);
        TableUpdates<RowUpdate2> u = UpdateDecoder.readUpdates2(new JsonTextReader(text, 0, text.length), ALL_TYPES, SHAPES);
        Row initial = u.table("Root").get(new Uuid(UUID.fromString(u1))).row();
        assertThat(initial.hasShape(SHAPES.get("Root"))).isTrue();
        assertThat(List.copyOf(initial.columns().keySet())).containsExactly("_uuid", "name", "i", "set_s", "map_ss", "opt_i", "children");
        assertThat(initial.get("_uuid")).isEqualTo(new Uuid(UUID.fromString(u1)));
        assertThat(initial.string("name")).isEqualTo("a");
        assertThat(initial.integer("i")).isZero();
        assertThat(initial.set("set_s").isEmpty()).isTrue();
        assertThat(initial.set("children").size()).isEqualTo(1);
        Row diff = u.table("Root").get(new Uuid(UUID.fromString(u1.replace('1', '2')))).row();
        assertThat(diff.columns()).containsOnlyKeys("i");   // a modify stays the diff the server sent
    }

    @Test
    void aShapeMustStartWithUuid() {
        byte[] text = "{\"Root\":{}}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> UpdateDecoder.readUpdates2(new JsonTextReader(text, 0, text.length), ALL_TYPES,
                Map.of("Root", Row.Shape.of(List.of("name")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("_uuid");
    }
}
