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

/** The table sink contract on MariaDB: every sandbox is a database of its own on the test server. */
class MySqlTableSinkTest extends TableSinkContract {

    @RegisterExtension
    static final MySqlTestDatabase db = new MySqlTestDatabase();

    private static final String INDEX = "by_kind";
    private static final List<String> COLUMNS = List.of("id", "kind", "n", "note", "raw");
    private static JsonNode schema;

    @Override
    protected SandboxGuard guard(SandboxLedger ledger) {
        return MySqlTableSink.guard(db.sandboxPrefix(), Set.of(db.database() + ".items"), ledger);
    }

    @Override
    protected TableSink newSink(SandboxGuard guard) {
        return new MySqlDrillFixture(db).sink(guard);
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
        db.sql("ALTER TABLE " + new MySqlTableName(table, "items").quoted() + " DROP INDEX " + INDEX);
    }

    @Override
    protected String nameOutsideTheSandbox() {
        return "rh_outside_" + unique();
    }

    @Override
    protected void deleteDirectly(String table) throws Exception {
        db.sql("DROP DATABASE " + MySqlTableName.quote(table));
    }
}
