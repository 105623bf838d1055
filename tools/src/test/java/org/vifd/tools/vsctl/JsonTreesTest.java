package org.vifd.tools.vsctl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streaming reader/writer of vifctl's fast path agrees with Jackson's ObjectMapper on every kind of value. */
class JsonTreesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final List<String> SAMPLES = List.of(
            "{\"id\":0,\"method\":\"transact\",\"params\":[\"Open_vSwitch\",{\"op\":\"select\",\"table\":\"Bridge\","
                    + "\"where\":[],\"columns\":[\"name\"]}]}",
            "{\"result\":[{\"rows\":[{\"name\":\"br-int\",\"ports\":[\"set\",[[\"uuid\",\"8b0f2f4c-0000-4000-8000-"
                    + "000000000001\"]]]}]}],\"error\":null,\"id\":7}",
            "{\"a\":[1,-2,3000000000,123456789012345678901234567890,1.5,-0.25,1e300],\"b\":true,\"c\":false,"
                    + "\"d\":null,\"e\":\"\\u00e9\\u4e2d\\n\\\"q\\\"\",\"f\":{},\"g\":[],\"h\":[[[]]]}");

    private static JsonNode readOurs(String text) throws IOException {
        try (JsonParser p = JsonTrees.FACTORY.createParser(text.getBytes(StandardCharsets.UTF_8))) {
            p.nextToken();
            return JsonTrees.read(p);
        }
    }

    @Test
    void readsWhatObjectMapperReads() throws IOException {
        for (String s : SAMPLES) {
            assertThat(readOurs(s)).as(s).isEqualTo(MAPPER.readTree(s));
        }
    }

    @Test
    void writesTextThatReadsBackToTheSameTree() throws IOException {
        for (String s : SAMPLES) {
            JsonNode tree = MAPPER.readTree(s);
            byte[] ours = JsonTrees.write(tree);
            assertThat(MAPPER.readTree(ours)).as(s).isEqualTo(tree);
            assertThat(new String(ours, StandardCharsets.UTF_8)).isEqualTo(MAPPER.writeValueAsString(tree));
        }
    }

    @Test
    void truncatedInputIsAnErrorNotAHang() {
        String s = SAMPLES.get(2);
        for (int cut = 1; cut < s.length(); cut += 7) {
            String part = s.substring(0, cut);
            assertThatThrownBy(() -> readOurs(part)).as(part).isInstanceOf(IOException.class);
        }
    }
}
