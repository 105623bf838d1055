package org.vifd.ovsdb.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vifd.ovsdb.tx.Condition;

import java.util.List;

/**
 * What to monitor in one table: RFC 7047 §4.1.5 {@code <monitor-request>}, with the "where" clause of
 * ovsdb-server(7) {@code <monitor-cond-request>}. {@code columns} null means all; {@code select} null means all
 * kinds; {@code where} null means all rows (plain "monitor" ignores it and refuses a non-null one).
 */
public record MonitorRequest(List<String> columns, MonitorSelect select, List<Condition> where) {

    public MonitorRequest {
        columns = columns == null ? null : List.copyOf(columns);
        where = where == null ? null : List.copyOf(where);
    }

    public static MonitorRequest allColumns() {
        return new MonitorRequest(null, null, null);
    }

    public static MonitorRequest columns(String... columns) {
        return new MonitorRequest(List.of(columns), null, null);
    }

    public MonitorRequest withSelect(MonitorSelect select) {
        return new MonitorRequest(columns, select, where);
    }

    public MonitorRequest withWhere(List<Condition> where) {
        return new MonitorRequest(columns, select, where);
    }

    ObjectNode toJson(boolean conditional) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (conditional && where != null) {
            o.set("where", conditions(where));
        }
        if (columns != null) {
            ArrayNode c = o.putArray("columns");
            columns.forEach(c::add);
        }
        if (select != null) {
            ObjectNode s = o.putObject("select");
            s.put("initial", select.initial()).put("insert", select.insert()).put("delete", select.delete())
                    .put("modify", select.modify());
        }
        return o;
    }

    static ArrayNode conditions(List<Condition> where) {
        ArrayNode w = JsonNodeFactory.instance.arrayNode(where.size());
        for (Condition c : where) {
            w.add(c.toJson());
        }
        return w;
    }
}
