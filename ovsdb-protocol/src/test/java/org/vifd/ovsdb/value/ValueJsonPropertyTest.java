package org.vifd.ovsdb.value;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.vifd.ovsdb.Golden;
import org.vifd.ovsdb.schema.ColumnSchema;
import org.vifd.ovsdb.schema.ColumnType;
import org.vifd.ovsdb.schema.Schema;
import org.vifd.ovsdb.schema.TableSchema;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

public class ValueJsonPropertyTest {

    static Schema allTypes() {
        try {
            return Schema.read(Path.of("src/test/resources/schema/alltypes.ovsschema"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode throughBytes(JsonNode n) throws IOException {
        return Golden.JSON.readTree(Golden.JSON.writeValueAsBytes(n));
    }

    @Provide
    Arbitrary<Atom> atoms() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(Atom::of),
                Arbitraries.doubles().filter(Double::isFinite).map(Atom::of),
                Arbitraries.of(true, false).map(Atom::of),
                Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMaxLength(30).map(Atom::of),
                Arbitraries.longs().tuple2().map(t -> new Uuid(new UUID(t.get1(), t.get2()))),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10).map(NamedUuid::new));
    }

    @Property(tries = 500)
    void anyAtomSurvivesEncodeAndDecodeWithoutASchema(@ForAll("atoms") Atom atom) throws IOException {
        assertThat(ValueJson.decode(throughBytes(ValueJson.encode(atom)))).isEqualTo(atom);
    }

    @Property(tries = 300)
    void setsOtherThanSingletonsAndAllMapsSurviveWithoutASchema(@ForAll List<@From("atoms") Atom> atoms) throws IOException {
        OvsSet set = OvsSet.of(atoms);
        Value decoded = ValueJson.decode(throughBytes(ValueJson.encode(set)));
        if (set.size() == 1) {
            // RFC 7047 §5.1: a one-element set is written as its atom; only the column type tells them apart.
            assertThat(decoded).isEqualTo(set.single());
        } else {
            assertThat(decoded).isEqualTo(set);
        }
        LinkedHashMap<Atom, Atom> pairs = new LinkedHashMap<>();
        for (int i = 0; i + 1 < atoms.size(); i += 2) {
            pairs.put(atoms.get(i), atoms.get(i + 1));
        }
        OvsMap map = new OvsMap(pairs);
        assertThat(ValueJson.decode(throughBytes(ValueJson.encode(map)))).isEqualTo(map);
    }

    /** A value that fits the column's type, key and value constraints included. */
    public static Arbitrary<Value> valuesOf(ColumnType type) {
        Arbitrary<Atom> key = atomsOf(type.key());
        if (type.isMap()) {
            Arbitrary<Atom> val = atomsOf(type.value());
            int max = (int) Math.min(type.max(), 5);
            return Combinators.combine(key, val).as(Map::entry).list().ofMinSize((int) type.min()).ofMaxSize(max)
                    .map(es -> {
                        LinkedHashMap<Atom, Atom> m = new LinkedHashMap<>();
                        es.forEach(e -> m.put(e.getKey(), e.getValue()));
                        return (Value) new OvsMap(m);
                    }).filter(v -> ((OvsMap) v).size() >= type.min());
        }
        if (type.isScalar()) {
            return key.map(a -> a);
        }
        int max = (int) Math.min(type.max(), 5);
        return key.list().ofMinSize((int) type.min()).ofMaxSize(max).map(l -> (Value) OvsSet.of(new LinkedHashSet<>(l)))
                .filter(v -> ((OvsSet) v).size() >= type.min());
    }

    public static Arbitrary<Atom> atomsOf(org.vifd.ovsdb.schema.BaseType base) {
        if (base.enumValues() != null) {
            return Arbitraries.of(List.copyOf(base.enumValues().elements()));
        }
        return switch (base.type()) {
            case INTEGER -> Arbitraries.longs().between(base.minInteger() == null ? Long.MIN_VALUE : base.minInteger(),
                    base.maxInteger() == null ? Long.MAX_VALUE : base.maxInteger()).map(Atom::of);
            case REAL -> Arbitraries.doubles().between(base.minReal() == null ? -1e300 : base.minReal(),
                    base.maxReal() == null ? 1e300 : base.maxReal()).map(Atom::of);
            case BOOLEAN -> Arbitraries.of(true, false).map(Atom::of);
            case STRING -> Arbitraries.strings().withCharRange(' ', '\uD7FF')
                    .ofMinLength(base.minLength() == null ? 0 : base.minLength().intValue())
                    .ofMaxLength(base.maxLength() == null ? 20 : base.maxLength().intValue()).map(Atom::of);
            case UUID -> Arbitraries.longs().tuple2().map(t -> new Uuid(new UUID(t.get1(), t.get2())));
        };
    }

    @Provide
    Arbitrary<Map.Entry<ColumnSchema, Value>> columnValues() {
        TableSchema root = allTypes().table("Root");
        return Arbitraries.of(List.copyOf(root.columns().values()))
                .flatMap(c -> valuesOf(c.type()).map(v -> Map.entry(c, v)));
    }

    @Property(tries = 1000)
    void everyValidValueOfEveryColumnTypeSurvivesTypedDecodingAndPassesTheSchemaCheck(
            @ForAll("columnValues") Map.Entry<ColumnSchema, Value> cv) throws IOException {
        ColumnType type = cv.getKey().type();
        Value v = cv.getValue();
        assertThat(type.check(v)).as("%s %s", cv.getKey().name(), v).isNull();
        Value decoded = type.decode(throughBytes(ValueJson.encode(v)));
        assertThat(decoded).as("%s %s", cv.getKey().name(), v).isEqualTo(v);
    }

    @Property(tries = 200)
    void rowsSurviveEncodeAndDecodeWithTheirTable(@ForAll @Size(max = 8) List<Map.@From("columnValues") Entry<ColumnSchema, Value>> cvs) throws IOException {
        Row.Builder b = Row.builder();
        cvs.forEach(e -> b.put(e.getKey().name(), e.getValue()));
        Row row = b.build();
        Row decoded = org.vifd.ovsdb.tx.TransactResponses.decodeRow(throughBytes(ValueJson.encodeRow(row)), allTypes().table("Root"));
        assertThat(decoded).isEqualTo(row);
    }

    /**
     * Streaming reads of maps of any size (small ones are kept as arrays, larger as a hash table), duplicate keys
     * included: the same entries, order and equality as a LinkedHashMap filled pair by pair.
     */
    @Property(tries = 500)
    void mapsReadStreamingEqualALinkedHashMapFilledPairByPair(
            @ForAll @Size(max = 24) List<@From("smallAtoms") Atom> keys, @ForAll @Size(max = 24) List<@From("atoms") Atom> vals)
            throws IOException {
        int n = Math.min(keys.size(), vals.size());
        LinkedHashMap<Atom, Atom> want = new LinkedHashMap<>();
        com.fasterxml.jackson.databind.node.ArrayNode pairs = Golden.JSON.createArrayNode();
        for (int i = 0; i < n; i++) {
            want.put(keys.get(i), vals.get(i));
            pairs.add(Golden.JSON.createArrayNode().add(ValueJson.encodeAtom(keys.get(i))).add(ValueJson.encodeAtom(vals.get(i))));
        }
        byte[] text = Golden.JSON.writeValueAsBytes(Golden.JSON.createArrayNode().add("map").add(pairs));
        Value got;
        try (com.fasterxml.jackson.core.JsonParser p = org.vifd.ovsdb.jsonrpc.RawJson.of(text, 0, text.length).parser()) {
            p.nextToken();
            got = ValueJson.read(p);
        }
        OvsMap expected = new OvsMap(want);
        assertThat(got).isInstanceOf(OvsMap.class).isEqualTo(expected);
        OvsMap m = (OvsMap) got;
        assertThat(m.hashCode()).isEqualTo(expected.hashCode());
        assertThat(List.copyOf(m.entries().entrySet())).isEqualTo(List.copyOf(want.entrySet()));
        want.forEach((k, v) -> assertThat(m.get(k)).isEqualTo(v));
        assertThat(m.entries().containsKey(Atom.of("not a key of any map here \u0001"))).isFalse();
        assertThat(m.size()).isEqualTo(want.size());
    }

    /** Atoms from a small range, so that generated maps hold duplicate keys. */
    @Provide
    Arbitrary<Atom> smallAtoms() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 5).map(Atom::of), Arbitraries.of("a", "b", "c", "d").map(Atom::of));
    }
}
