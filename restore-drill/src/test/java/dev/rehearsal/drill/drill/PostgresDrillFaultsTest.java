package dev.rehearsal.drill.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.source.postgres.PostgresRowJson;
import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.core.testing.PostgresExtension;
import dev.rehearsal.drill.postgres.PostgresDrillFixture;
import dev.rehearsal.drill.postgres.PostgresTableSink;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sink.TableSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The drill-faults contract on PostgreSQL: {@code public.orders}, 6,000 rows with a primary key and
 * an index, backed up from one database and restored into a sandbox schema in another.
 */
class PostgresDrillFaultsTest extends DrillFaultsContract {

    @RegisterExtension
    static final PostgresExtension sourceDb = new PostgresExtension();
    @RegisterExtension
    static final PostgresExtension sandboxDb = new PostgresExtension();

    private static final String TABLE = "public.orders";
    private static final List<String> COLUMNS = List.of("id", "customer", "total", "n");
    private static PostgresDrillFixture fx;

    @BeforeAll
    static void sourceTable() throws Exception {
        fx = new PostgresDrillFixture(sourceDb, sandboxDb);
        PostgresDrillFixture.sql(sourceDb,
                "CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, total numeric(12,2), n int)",
                "CREATE INDEX orders_customer ON orders (customer)",
                "INSERT INTO orders SELECT g, 'customer ' || (g % 97), g * 1.25, g FROM generate_series(1, 6000) g");
    }

    @Override
    protected String source() {
        return "pg";
    }

    @Override
    protected String table() {
        return TABLE;
    }

    @Override
    protected BackupResult backup(BackupStore store) throws Exception {
        return fx.backup(TABLE, store, 3);
    }

    @Override
    protected SandboxGuard guard() {
        return fx.guard(Set.of(TABLE));
    }

    @Override
    protected TableSink sink(SandboxGuard guard) {
        return fx.sink(guard);
    }

    @Override
    protected String reportKey(int n) {
        return "{\"id\":\"" + n + "\"}";
    }

    @Override
    protected byte[] sourceLine(int n) throws Exception {
        try (Connection c = PostgresDrillFixture.connect(sourceDb);
                PreparedStatement ps = c.prepareStatement("SELECT id::text, customer, total::text, n::text FROM orders WHERE id = ?")) {
            ps.setInt(1, n);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("row %d in the source", n).isTrue();
                return PostgresRowJson.line(COLUMNS, new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
            }
        }
    }

    @Override
    protected void deleteItem(String sandbox, int n) throws Exception {
        PostgresDrillFixture.sql(sandboxDb, "DELETE FROM \"" + sandbox + "\".orders WHERE id = " + n);
    }

    @Override
    protected void changeAttributeN(String sandbox, int n) throws Exception {
        PostgresDrillFixture.sql(sandboxDb, "UPDATE \"" + sandbox + "\".orders SET n = -1 WHERE id = " + n);
    }

    @Override
    protected List<String> dropIndex(String sandbox) throws Exception {
        PostgresDrillFixture.sql(sandboxDb, "DROP INDEX \"" + sandbox + "\".orders_customer");
        return List.of("indexes: backup has {orders_customer=");
    }

    /** Someone widens a column's type by hand: the data would still fit. */
    @Override
    protected String editManifest(String manifest) {
        return manifest.replace("\"numeric(12,2)\"", "\"numeric(14,2)\"");
    }

    @Override
    protected void takeName(String name) throws Exception {
        PostgresDrillFixture.sql(sandboxDb, "CREATE SCHEMA \"" + name + "\"",
                "CREATE TABLE \"" + name + "\".precious (id int PRIMARY KEY, v text)",
                "INSERT INTO \"" + name + "\".precious VALUES (1, 'keep me'), (2, 'and me')");
    }

    @Override
    protected Object contents(String name) throws Exception {
        return PostgresDrillFixture.rowsAsText(sandboxDb, "\"" + name + "\".precious", "id");
    }

    @Override
    protected void removeTaken(String name) throws Exception {
        PostgresDrillFixture.sql(sandboxDb, "DROP SCHEMA \"" + name + "\" CASCADE");
    }

    /** PostgreSQL is reached through JDBC, whose calls no test client records: the content comparison is the evidence. */
    @Override
    protected Optional<List<String>> writeCallsOfTheLastSink() {
        return Optional.empty();
    }

    /** The sandbox database holds nothing but sandboxes: none may be left, whichever drill made it. */
    @Override
    protected void assertNoSandboxLeftBy(String drillId) throws Exception {
        assertThat(fx.sandboxSchemas()).isEmpty();
    }

    @Test
    void sandboxNamesLongerThanPostgresKeepsAreRefusedNotTruncated() {
        SandboxGuard guard = fx.guard(Set.of(TABLE));
        String name = guard.sandboxFor("public." + "x".repeat(80), "20261121t161500-9f3a61").name();
        assertThat(name).hasSizeLessThanOrEqualTo(PostgresTableSink.MAX_NAME).startsWith(PostgresDrillFixture.PREFIX);
        assertThatThrownBy(() -> guard.accept(PostgresDrillFixture.PREFIX + "y".repeat(60), "20261121t161500-9f3a61"))
                .hasMessageContaining("longer than the 63");
    }
}
