package org.vifd.ovsdb.tx;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.vifd.ovsdb.schema.Schema;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.Row;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the operations of one "transact" request (RFC 7047 §4.1.3) on one database. Not thread-safe; build it on
 * one thread, then hand it to {@code OvsdbClient.transact}, which copies the operations.
 *
 * <pre>{@code
 * Transaction tx = new Transaction("Open_vSwitch");
 * NamedUuid port = tx.insert("Port", Row.builder().put("name", "p1").put("interfaces", iface).build());
 * tx.mutate("Bridge", List.of(Condition.equal("name", "br-int")), List.of(Mutation.insert("ports", port)));
 * }</pre>
 * Every method returns the index of its operation in the result ({@link TransactResult#get(int)}); {@code insert}
 * returns the named-uuid that other operations use to refer to the new row ({@link TransactResult#uuidOf}).
 */
public final class Transaction {

    private final String database;
    private final List<Operation> operations = new ArrayList<>();
    private int nextName;

    public Transaction(String database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    public String database() {
        return database;
    }

    /** The operations so far, as an immutable copy. */
    public List<Operation> operations() {
        return List.copyOf(operations);
    }

    public int size() {
        return operations.size();
    }

    /** Adds any operation; answers its index. */
    public int add(Operation op) {
        operations.add(Objects.requireNonNull(op, "op"));
        return operations.size() - 1;
    }

    /** RFC 7047 §5.2.1 insert; the new row is named by a generated named-uuid, which is returned. */
    public NamedUuid insert(String table, Row row) {
        NamedUuid name = new NamedUuid("row" + (++nextName));
        add(new Operation.Insert(table, row, name));
        return name;
    }

    /** RFC 7047 §5.2.1 insert with a caller-chosen uuid-name. */
    public NamedUuid insert(String table, Row row, String uuidName) {
        NamedUuid name = new NamedUuid(uuidName);
        add(new Operation.Insert(table, row, name));
        return name;
    }

    /** RFC 7047 §5.2.2 select of all columns. */
    public int select(String table, List<Condition> where) {
        return add(new Operation.Select(table, where, null));
    }

    /** RFC 7047 §5.2.2 select of the given columns. */
    public int select(String table, List<Condition> where, List<String> columns) {
        return add(new Operation.Select(table, where, columns));
    }

    /** RFC 7047 §5.2.3 update. */
    public int update(String table, List<Condition> where, Row row) {
        return add(new Operation.Update(table, where, row));
    }

    /** RFC 7047 §5.2.4 mutate. */
    public int mutate(String table, List<Condition> where, List<Mutation> mutations) {
        return add(new Operation.Mutate(table, where, mutations));
    }

    /** RFC 7047 §5.2.5 delete. */
    public int delete(String table, List<Condition> where) {
        return add(new Operation.Delete(table, where));
    }

    /** RFC 7047 §5.2.6 wait; {@code timeoutMillis} null waits forever. */
    public int wait(String table, List<Condition> where, List<String> columns, boolean untilEqual, List<Row> rows,
                    Long timeoutMillis) {
        return add(new Operation.Wait(table, where, columns, untilEqual, rows, timeoutMillis));
    }

    /** RFC 7047 §5.2.7 commit. */
    public int commit(boolean durable) {
        return add(new Operation.Commit(durable));
    }

    /** RFC 7047 §5.2.8 abort. */
    public int abort() {
        return add(new Operation.Abort());
    }

    /** RFC 7047 §5.2.9 comment. */
    public int comment(String comment) {
        return add(new Operation.Comment(comment));
    }

    /** RFC 7047 §5.2.10 assert: the transaction fails with "not owner" unless this session holds {@code lock}. */
    public int assertLock(String lock) {
        return add(new Operation.Assert(lock));
    }

    /** Checks every operation against the schema; throws {@link org.vifd.ovsdb.schema.SchemaViolationException}. */
    public void validate(Schema schema) {
        TransactionValidator.validate(schema, database, operations);
    }

    /** The "params" of the transact request: {@code [db-name, operation*]}. */
    public ArrayNode toParams() {
        ArrayNode params = JsonNodeFactory.instance.arrayNode(operations.size() + 1);
        params.add(database);
        for (Operation op : operations) {
            params.add(op.toJson());
        }
        return params;
    }

    /** Writes the "params" of the transact request, as {@link #toParams()} builds them, straight to {@code g}. */
    public void writeParams(JsonGenerator g) throws IOException {
        g.writeStartArray();
        g.writeString(database);
        for (Operation op : operations) {
            OperationJson.write(g, op);
        }
        g.writeEndArray();
    }

    @Override
    public String toString() {
        return toParams().toString();
    }
}
