package org.vifd.ovsdb.value;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 7047 §3.1 {@code <id>}: [A-Za-z_][A-Za-z0-9_]*. */
class NamedUuidTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "_", "row1", "Port_7", "_x9_Y", "i10000"})
    void acceptsIds(String name) {
        assertThat(new NamedUuid(name).name()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1row", "9", "a-b", "a b", "é", "row.1", "x\u0000", "a$"})
    void rejectsWhatIsNoId(String name) {
        assertThatThrownBy(() -> new NamedUuid(name)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<id>");
    }
}
