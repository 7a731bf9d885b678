package dev.rehearsal.drill.postgres;

import dev.rehearsal.core.source.postgres.PostgresRowJson;
import dev.rehearsal.core.source.postgres.PostgresTableSource;
import dev.rehearsal.core.testing.PostgresExtension;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxLedger;
import dev.rehearsal.drill.sink.TableSink;
import dev.rehearsal.drill.sink.TableSinkContract;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The table sink contract on PostgreSQL: the source table is described in one database, restored into another. */
class PostgresTableSinkTest extends TableSinkContract {

    @RegisterExtension
    static final PostgresExtension sourceDb = new PostgresExtension();
    @RegisterExtension
    static final PostgresExtension sandboxDb = new PostgresExtension();

    private static final String INDEX = "items_kind";
    private static final List<String> COLUMNS = List.of("id", "kind", "n", "note", "raw", "tags");
    private static JsonNode schema;

    @Override
    protected SandboxGuard guard(SandboxLedger ledger) {
        return PostgresTableSink.guard(PostgresDrillFixture.PREFIX, Set.of("public.items"), ledger);
    }

    @Override
    protected TableSink newSink(SandboxGuard guard) {
        return new PostgresDrillFixture(sourceDb, sandboxDb).sink(guard);
    }

    /** A table with a primary key, a NOT NULL column and one index, as PostgresTableSource describes it. */
    @Override
    protected synchronized JsonNode schema() {
        if (schema == null) {
            try {
                PostgresDrillFixture.sql(sourceDb,
                        "CREATE TABLE items (id int PRIMARY KEY, kind text NOT NULL, n bigint, note text, raw bytea, tags text[])",
                        "CREATE INDEX " + INDEX + " ON items (kind)");
                try (PostgresTableSource src = new PostgresDrillFixture(sourceDb, sandboxDb).tableSource()) {
                    schema = src.describe("public.items").schema();
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return schema;
    }

    /** Values in the text form PostgreSQL prints them in, as a backup holds them. */
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

    @Override
    protected void dropIndexDirectly(String table) throws Exception {
        PostgresDrillFixture.sql(sandboxDb, "DROP INDEX \"" + table + "\"." + INDEX);
    }

    @Override
    protected String nameOutsideTheSandbox() {
        return "contract_outside_" + unique();
    }

    @Override
    protected void deleteDirectly(String table) throws Exception {
        PostgresDrillFixture.sql(sandboxDb, "DROP SCHEMA \"" + table + "\" CASCADE");
    }
}
