package org.vifd.ovsdb.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * RFC 7047 §3.2 {@code <database-schema>}, as answered by "get_schema" (RFC 7047 §4.1.2) or read from an
 * {@code .ovsschema} file.
 */
public record Schema(String name, String version, String cksum, Map<String, TableSchema> tables) {

    /**
     * Created on first use: building an ObjectMapper loads locale data that costs a one-shot command (vifctl) a few
     * hundred milliseconds, and parsing a schema from a JsonNode does not need it.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    public Schema {
        Objects.requireNonNull(name, "name");
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    }

    /** Parses a schema; throws IllegalArgumentException naming the table/column that is malformed. */
    public static Schema parse(JsonNode json) {
        if (json == null || !json.isObject() || !json.path("name").isTextual() || !json.path("tables").isObject()) {
            throw new IllegalArgumentException("<database-schema> needs \"name\" and \"tables\" (RFC 7047 §3.2)");
        }
        LinkedHashMap<String, TableSchema> tables = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : json.get("tables").properties()) {
            tables.put(e.getKey(), TableSchema.parse(e.getKey(), e.getValue()));
        }
        JsonNode version = json.get("version");
        JsonNode cksum = json.get("cksum");
        return new Schema(json.get("name").textValue(), version == null ? null : version.asText(),
                cksum == null ? null : cksum.asText(), tables);
    }

    public static Schema parse(String json) {
        try {
            return parse(Json.MAPPER.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("schema is not JSON: " + e.getMessage(), e);
        }
    }

    public static Schema read(Path ovsschema) throws IOException {
        return parse(Json.MAPPER.readTree(Files.readAllBytes(ovsschema)));
    }

    public TableSchema table(String table) {
        return tables.get(table);
    }
}
