package dev.rehearsal.drill.mysql;

import dev.rehearsal.core.source.mysql.MySqlRowJson;
import dev.rehearsal.core.source.mysql.MySqlTableName;
import dev.rehearsal.core.source.mysql.MySqlTableSource;
import dev.rehearsal.core.source.mysql.MySqlTestDatabase;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxLedger;
import dev.rehearsal.drill.sink.TableSink;
import dev.rehearsal.drill.sink.TableSinkContract;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The table sink contract on a recovery sink, which restores into new tables {@code database.table}
 * of a source's own server. Its guard's prefix is a database of the test's own and a dot, so
 * that the contract's tables are new tables there, on the server that holds the source table.
 */
class MySqlRecoverySinkTest extends TableSinkContract {

    @RegisterExtension
    static final MySqlTestDatabase db = new MySqlTestDatabase();

    private static final String INDEX = "by_kind";
    private static final List<String> COLUMNS = List.of("id", "kind", "n", "note", "raw");
    private static JsonNode schema;

    /** The existing database the contract's new tables go into, beside the test database that holds the source table. */
    private static String contractDatabase() {
        return db.database() + "_rc";
    }

    @org.junit.jupiter.api.BeforeAll
    static void contractsDatabase() throws java.sql.SQLException {
        db.sql("CREATE DATABASE " + contractDatabase());
    }

    @org.junit.jupiter.api.AfterAll
    static void dropContractsDatabase() throws java.sql.SQLException {
        db.sql("DROP DATABASE IF EXISTS " + contractDatabase());
    }

    @Override
    protected SandboxGuard guard(SandboxLedger ledger) {
        return MySqlTableSink.guard(contractDatabase() + ".", Set.of(db.database() + ".items"), ledger);
    }

    @Override
    protected TableSink newSink(SandboxGuard guard) {
        return MySqlTableSink.recovery(db.connector(), MySqlTableSource.info("maria", db.connector()), guard, 3);
    }

    /** A table with a primary key, a NOT NULL column and one index, as MySqlTableSource describes it. */
    @Override
    protected synchronized JsonNode schema() {
        if (schema == null) {
            try {
                db.sql("CREATE TABLE items (id INT PRIMARY KEY, kind VARCHAR(20) NOT NULL, n BIGINT, note TEXT, raw BLOB,"
                        + " KEY " + INDEX + " (kind))");
                try (MySqlTableSource src = new MySqlDrillFixture(db).tableSource()) {
                    schema = src.describe(db.database() + ".items").schema();
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return schema;
    }

    @Override
    protected byte[] line(int n) {
        return MySqlRowJson.line(COLUMNS, new String[] {
                Integer.toString(n),
                "kind-" + n % 5,
                Long.toString(n * 1_000_000_007L),
                n % 7 == 0 ? null : "note ü\t" + n + " \"quoted\" \\ back 'single'",
                String.format("%02x%02x00ff", n & 0xff, (n >> 8) & 0xff)});
    }

    @Override
    protected String indexName() {
        return INDEX;
    }

    @Override
    protected void dropIndexDirectly(String table) throws Exception {
        db.sql("ALTER TABLE " + MySqlTableName.parse(table).quoted() + " DROP INDEX " + INDEX);
    }

    @Override
    protected String nameOutsideTheSandbox() {
        return db.database() + ".contract_outside_" + unique();
    }

    @Override
    protected void deleteDirectly(String table) throws Exception {
        db.sql("DROP TABLE " + MySqlTableName.parse(table).quoted());
    }
}
