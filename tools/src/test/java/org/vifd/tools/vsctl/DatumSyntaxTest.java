package org.vifd.tools.vsctl;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.vifd.ovsdb.schema.AtomicType;
import org.vifd.ovsdb.schema.BaseType;
import org.vifd.ovsdb.schema.ColumnType;
import org.vifd.ovsdb.value.Atom;
import org.vifd.testkit.Exec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class DatumSyntaxTest {

    private static final ColumnType STRING_MAP = new ColumnType(BaseType.of(AtomicType.STRING), BaseType.of(AtomicType.STRING), 0, ColumnType.UNLIMITED);
    private static final ColumnType INT_SET = new ColumnType(BaseType.of(AtomicType.INTEGER), null, 0, 4096);
    private static final ColumnType STRING_SET = new ColumnType(BaseType.of(AtomicType.STRING), null, 0, ColumnType.UNLIMITED);
    private static final ColumnType OPTIONAL_INT = new ColumnType(BaseType.of(AtomicType.INTEGER), null, 0, 1);

    @Test
    void mapsParseBareOrBracedAndFormatSortedWithOvsQuoting() {
        Datum d = DatumSyntax.parseDatum("{iface-id=X, attached-mac=\"fa:16:3e:00:00:01\"}", STRING_MAP, null);
        // ovs-vsctl list Interface printed exactly this for the same map (see VsctlCompatSandboxTest).
        assertThat(DatumSyntax.formatDatum(d, STRING_MAP)).isEqualTo("{attached-mac=\"fa:16:3e:00:00:01\", iface-id=X}");
        assertThat(DatumSyntax.parseDatum("a=b c=d", STRING_MAP, null).size()).isEqualTo(2);
        assertThat(DatumSyntax.formatDatum(DatumSyntax.parseDatum("{}", STRING_MAP, null), STRING_MAP)).isEqualTo("{}");
    }

    @Test
    void integerSetsTakeRangesAndOptionalColumnsPrintBare() {
        Datum d = DatumSyntax.parseDatum("[30, 40-42]", INT_SET, null);
        assertThat(d.keys()).containsExactly(Atom.of(30L), Atom.of(40L), Atom.of(41L), Atom.of(42L));
        assertThat(DatumSyntax.formatDatum(DatumSyntax.parseDatum("5", OPTIONAL_INT, null), OPTIONAL_INT)).isEqualTo("5");
        assertThat(DatumSyntax.formatDatum(DatumSyntax.parseDatum("[]", OPTIONAL_INT, null), OPTIONAL_INT)).isEqualTo("[]");
    }

    @Test
    void badValuesFailWithOvsdbWords() {
        assertThatThrownBy(() -> DatumSyntax.parseDatum("", STRING_MAP, null)).hasMessage("use \"{}\" to specify the empty map");
        assertThatThrownBy(() -> DatumSyntax.parseDatum("a", STRING_MAP, null)).hasMessageContaining("expecting \"=\"");
        assertThatThrownBy(() -> DatumSyntax.parseDatum("[1,2", INT_SET, null)).hasMessageContaining("missing \"]\" at end of data");
        assertThatThrownBy(() -> DatumSyntax.parseDatum("1,2", OPTIONAL_INT, null)).hasMessageContaining("maximum number is 1");
        assertThatThrownBy(() -> DatumSyntax.parseAtom("maybe", BaseType.of(AtomicType.BOOLEAN), null))
                .hasMessage("\"maybe\" is not a valid boolean (use \"true\" or \"false\")");
        assertThatThrownBy(() -> DatumSyntax.parseDatum("\"abc", STRING_SET, null)).isInstanceOf(VsctlException.class);
    }

    @Test
    void stringsAreQuotedExactlyWhenOvsQuotesThem() {
        assertThat(DatumSyntax.needsQuotes("tap1")).isFalse();
        assertThat(DatumSyntax.needsQuotes("br-int")).isFalse();
        assertThat(DatumSyntax.needsQuotes("")).isTrue();
        assertThat(DatumSyntax.needsQuotes("1abc")).isTrue();
        assertThat(DatumSyntax.needsQuotes("true")).isTrue();
        assertThat(DatumSyntax.needsQuotes("a:b")).isTrue();
        assertThat(DatumSyntax.needsQuotes("abcdef01-2345-6789-abcd-ef0123456789")).isTrue();
    }

    @Test
    void realsPrintAsCPrintfPercentDot15g() {
        for (double d : new double[]{0.1, 1.0, 1e20, 1.5e-7, 123456.789, -2.5, 3.14159265358979, 1e15, 1e14, 0.0001}) {
            String printf = Exec.run(Duration.ofSeconds(10), "printf", "%.15g", Double.toString(d)).ok().stdout();
            assertThat(DatumSyntax.formatReal(d)).as("%.15g of %s", d).isEqualTo(printf);
        }
    }

    @Property(tries = 300)
    void anyStringSurvivesFormatThenParse(@ForAll String s) {
        Atom a = Atom.of(s);
        String text = DatumSyntax.formatAtom(a);
        assertThat(DatumSyntax.parseDatum(text.isEmpty() ? "\"\"" : text, STRING_SET, null).keys()).containsExactly(a);
    }

    @Property(tries = 200)
    void stringMapsSurviveFormatThenParse(@ForAll("maps") Map<String, String> m) {
        Datum d = Datum.of(org.vifd.ovsdb.value.OvsMap.ofStrings(m), STRING_MAP);
        assertThat(DatumSyntax.parseDatum(DatumSyntax.formatDatum(d, STRING_MAP), STRING_MAP, null)).isEqualTo(d);
    }

    @Provide
    Arbitrary<Map<String, String>> maps() {
        Arbitrary<String> s = Arbitraries.strings().ofMinLength(1).ofMaxLength(12).withCharRange(' ', '~');
        return Arbitraries.maps(s, s).ofMaxSize(6);
    }

    @Test
    void hostileInputNeverCrashesOrHangs() {
        Random rnd = new Random(7);
        String alphabet = "ab1-=:,{}[]\"\\ @.<>!";
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 20_000; i++) {
                StringBuilder sb = new StringBuilder();
                int n = rnd.nextInt(16);
                for (int j = 0; j < n; j++) {
                    sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
                for (ColumnType t : List.of(STRING_MAP, INT_SET, STRING_SET, OPTIONAL_INT)) {
                    try {
                        DatumSyntax.parseDatum(sb.toString(), t, new SymbolTable());
                    } catch (VsctlException expected) {
                        assertThat(expected.getMessage()).isNotBlank();
                    }
                }
            }
        });
    }
}
