package dev.rehearsal.drill.postgres;

import dev.rehearsal.core.source.postgres.PostgresConnector;
import dev.rehearsal.core.source.postgres.PostgresRowJson;
import dev.rehearsal.core.source.postgres.PostgresTableName;
import dev.rehearsal.core.source.postgres.PostgresTableSource;
import dev.rehearsal.core.testing.PostgresExtension;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxLedger;
import dev.rehearsal.drill.sink.TableSink;
import dev.rehearsal.drill.sink.TableSinkContract;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The table sink contract on a recovery sink, which restores into new tables {@code schema.table}
 * of a source's own database. Its guard's prefix ends in a dot, {@code rh_contract.}, so that the
 * contract's sandbox tables are tables of schema {@code rh_contract} beside the source table.
 */
class PostgresRecoverySinkTest extends TableSinkContract {

    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final String SCHEMA = "rh_contract";
    /** Not starting with the table's name, so that it stays visible in the name derived for a new table. */
    private static final String INDEX = "by_kind";
    private static final List<String> COLUMNS = List.of("id", "kind", "n", "note", "raw", "tags");
    private static JsonNode schema;

    @BeforeAll
    static void schemaForTheContractsTables() throws Exception {
        PostgresDrillFixture.sql(db, "CREATE SCHEMA " + SCHEMA);
    }

    @Override
    protected SandboxGuard guard(SandboxLedger ledger) {
        return PostgresTableSink.guard(SCHEMA + ".", Set.of("public.items"), ledger);
    }

    @Override
    protected TableSink newSink(SandboxGuard guard) {
        PostgresConnector c = new PostgresConnector(db.url(), db.user(), db.password());
        return PostgresTableSink.recovery(c, PostgresTableSource.info("pg", c), guard, 3);
    }

    @Override
    protected synchronized JsonNode schema() {
        if (schema == null) {
            try {
                PostgresDrillFixture.sql(db,
                        "CREATE TABLE items (id int PRIMARY KEY, kind text NOT NULL, n bigint, note text, raw bytea, tags text[])",
                        "CREATE INDEX " + INDEX + " ON items (kind)");
                try (PostgresTableSource src = new PostgresDrillFixture(db, db).tableSource()) {
                    schema = src.describe("public.items").schema();
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return schema;
    }

    @Override
    protected byte[] line(int n) {
        return PostgresRowJson.line(COLUMNS, new String[] {
                Integer.toString(n),
                "kind-" + n % 5,
                Long.toString(n * 1_000_000_007L),
                n % 7 == 0 ? null : "note ü\t" + n + " \"quoted\" \\ back",
                String.format("\\x%02x%02x00ff", n & 0xff, (n >> 8) & 0xff),
                "{t" + n + ",\"a b\",NULL}"});
    }

    @Override
    protected String indexName() {
        return INDEX;
    }

    /** The restored table's index has a name derived from the table's, since index names are the schema's. */
    @Override
    protected void dropIndexDirectly(String table) throws Exception {
        PostgresTableName t = PostgresTableName.parse(table);
        PostgresDrillFixture.sql(db, "DROP INDEX " + PostgresTableName.quote(t.schema()) + "."
                + PostgresTableName.quote(SchemaTables.derived(INDEX, "items", t.table())));
    }

    @Override
    protected String nameOutsideTheSandbox() {
        return "public.contract_outside_" + unique();
    }

    @Override
    protected void deleteDirectly(String table) throws Exception {
        PostgresDrillFixture.sql(db, "DROP TABLE " + PostgresTableName.parse(table).quoted());
    }
}
