package dev.rehearsal.drill.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.format.ManifestCodec;
import dev.rehearsal.core.source.postgres.PostgresSchema;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.core.testing.PostgresExtension;
import dev.rehearsal.drill.drill.DrillRequest;
import dev.rehearsal.drill.drill.DrillResult;
import dev.rehearsal.drill.drill.DrillRunner;
import dev.rehearsal.drill.drill.Outcome;
import dev.rehearsal.drill.restore.RestoreRequest;
import dev.rehearsal.drill.restore.RestoreRunner;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Indexes and constraints built after the load, in parallel on separate connections: the restored
 * table's catalog reads as the source's, whichever way each key was built, and a build that fails
 * fails the drill, stops the other builds and leaves no sandbox behind.
 */
class PostgresIndexBuildTest {

    @RegisterExtension
    static final PostgresExtension sourceDb = new PostgresExtension();
    @RegisterExtension
    static final PostgresExtension sandboxDb = new PostgresExtension();

    private static PostgresDrillFixture fx;

    @TempDir
    Path dir;

    @BeforeAll
    static void tables() throws Exception {
        fx = new PostgresDrillFixture(sourceDb, sandboxDb);
        PostgresDrillFixture.sql(sourceDb,
                """
                CREATE TABLE public.keyed (
                  region int NOT NULL, id bigint NOT NULL, code text NOT NULL, alias text, note text, n int,
                  CONSTRAINT keyed_pkey PRIMARY KEY (region, id),
                  CONSTRAINT keyed_code_key UNIQUE (code) INCLUDE (note),
                  CONSTRAINT keyed_alias_deferred UNIQUE (alias) DEFERRABLE INITIALLY DEFERRED,
                  CONSTRAINT keyed_n_nulls UNIQUE NULLS NOT DISTINCT (n),
                  CONSTRAINT keyed_n_positive CHECK (n IS NULL OR n > 0)
                )""",
                "CREATE INDEX keyed_note ON public.keyed (note)",
                "CREATE INDEX keyed_lower ON public.keyed (lower(code)) WHERE note IS NOT NULL",
                "CREATE UNIQUE INDEX keyed_region_code ON public.keyed (region, code DESC)",
                "CREATE INDEX keyed_hash ON public.keyed USING hash (alias)",
                "INSERT INTO public.keyed SELECT g % 7, g, 'code-' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'alias-' || g END,"
                        + " 'note ' || (g % 11), CASE WHEN g = 1 THEN NULL ELSE g END FROM generate_series(1, 5000) g",
                // An index on a function the sandbox database does not have: its build fails there.
                "CREATE FUNCTION public.twice(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 * 2'",
                "CREATE TABLE public.doomed (id int PRIMARY KEY, n int NOT NULL, note text)",
                "CREATE INDEX doomed_note ON public.doomed (note)",
                "CREATE INDEX doomed_twice ON public.doomed (twice(n))",
                "CREATE INDEX doomed_n ON public.doomed (n)",
                "INSERT INTO public.doomed SELECT g, g, 'note ' || g FROM generate_series(1, 20000) g");
    }

    @Test
    void plainKeysAndEveryIndexAreBuiltInParallelTheRestInOrder() throws Exception {
        PostgresSchema schema = ManifestCodec.mapper().treeToValue(fx.tableSource().describe("public.keyed").schema(),
                PostgresSchema.class);
        PostgresIndexBuild build = PostgresIndexBuild.of("t", schema, true);
        assertThat(unquoted(build.parallel())).containsExactly(
                "CREATE UNIQUE INDEX keyed_pkey ON t USING btree (region, id)",
                "CREATE UNIQUE INDEX keyed_code_key ON t USING btree (code) INCLUDE (note)",
                "CREATE INDEX keyed_hash ON t USING hash (alias)",
                "CREATE INDEX keyed_lower ON t USING btree (lower(code)) WHERE (note IS NOT NULL)",
                "CREATE INDEX keyed_note ON t USING btree (note)",
                "CREATE UNIQUE INDEX keyed_region_code ON t USING btree (region, code DESC)");
        assertThat(unquoted(build.first())).containsExactly(
                "ALTER TABLE t ADD CONSTRAINT keyed_alias_deferred UNIQUE (alias) DEFERRABLE INITIALLY DEFERRED",
                "ALTER TABLE t ADD CONSTRAINT keyed_n_nulls UNIQUE NULLS NOT DISTINCT (n)",
                "ALTER TABLE t ADD CONSTRAINT keyed_n_positive CHECK (n IS NULL OR n > 0)");
        assertThat(unquoted(build.last())).containsExactly(
                "ALTER TABLE t ADD CONSTRAINT keyed_pkey PRIMARY KEY USING INDEX keyed_pkey",
                "ALTER TABLE t ADD CONSTRAINT keyed_code_key UNIQUE USING INDEX keyed_code_key",
                "ANALYZE t");
        assertThat(PostgresIndexBuild.of("t", schema, false).last()).as("a sandbox is not analyzed")
                .noneMatch(sql -> sql.startsWith("ANALYZE"));
    }

    @Test
    void theRestoredCatalogReadsAsTheSources() throws Exception {
        FileSystemBackupStore store = new FileSystemBackupStore(dir);
        BackupResult backup = fx.backup("public.keyed", store, 2);
        SandboxGuard guard = fx.guard(Set.of("public.keyed"));
        String target = guard.sandboxFor("public.keyed", "20261207t180000-1a2b3c").name();
        try (PostgresTableSink sink = fx.sink(guard)) {
            new RestoreRunner().run(RestoreRequest.of(new BackupRepository(store), backup.ref(), sink, target)
                    .withConcurrency(2, 4));
            assertThat(sink.schemaDifferences(backup.manifest().table().schema(), target)).isEmpty();
            // Beyond what the schema check compares: every index, those behind constraints included,
            // and every constraint, as the server prints them, with the schema's name left out.
            assertThat(catalog(sandboxDb, target)).isEqualTo(catalog(sourceDb, "public")).hasSize(13);
            assertThat(PostgresDrillFixture.rowsAsText(sandboxDb, "\"" + target + "\".keyed", "region, id"))
                    .isEqualTo(PostgresDrillFixture.rowsAsText(sourceDb, "public.keyed", "region, id"));
            try (Connection c = PostgresDrillFixture.connect(sandboxDb); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT reltuples FROM pg_class WHERE oid = '\"" + target
                            + "\".keyed'::regclass")) {
                rs.next();
                assertThat(rs.getLong(1)).as("the planner's row count, left by the index builds without ANALYZE")
                        .isEqualTo(5000);
            }
            guard.ledger().record(target, "20261207t180000-1a2b3c");
            sink.drop(guard.accept(target, "20261207t180000-1a2b3c"));
        }
    }

    @Test
    void aFailedBuildFailsTheDrillCancelsTheOtherBuildsAndLeavesNoSandbox() throws Exception {
        FileSystemBackupStore store = new FileSystemBackupStore(dir);
        fx.backup("public.doomed", store, 2);
        SandboxGuard guard = fx.guard(Set.of("public.doomed"));
        DrillResult r;
        try (PostgresTableSink sink = fx.sink(guard)) {
            r = new DrillRunner().run(DrillRequest.of("pg", "public.doomed", new BackupRepository(store), sink, guard));
        }
        assertThat(r.outcome()).isNotEqualTo(Outcome.PASSED);
        assertThat(String.join(" ", r.errors())).contains("CREATE INDEX \"doomed_twice\"").contains("twice(integer)");
        assertThat(fx.sandboxSchemas()).isEmpty();
        try (Connection c = PostgresDrillFixture.connect(sandboxDb); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND pid <> pg_backend_pid() AND query ILIKE 'CREATE%INDEX%' AND state = 'active'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("index builds still running").isZero();
        }
    }

    /** The statements with identifiers' quotes left out, to read as they are written here. */
    private static List<String> unquoted(List<String> statements) {
        return statements.stream().map(s -> s.replace("\"", "")).toList();
    }

    /** Index and constraint definitions of the tables in {@code schema}, the schema's name removed. */
    private static List<String> catalog(PostgresExtension db, String schema) throws Exception {
        List<String> rows = new ArrayList<>();
        String quotedSchema = "'" + schema.replace("'", "''") + "'";
        try (Connection c = PostgresDrillFixture.connect(db); Statement s = c.createStatement()) {
            s.execute("SET search_path = pg_catalog");
            try (ResultSet rs = s.executeQuery("SELECT 'index ' || x.relname || ': ' || pg_get_indexdef(i.indexrelid)"
                    + " || ' valid=' || i.indisvalid || ' primary=' || i.indisprimary || ' immediate=' || i.indimmediate"
                    + " FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid"
                    + " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = " + quotedSchema
                    + " AND t.relname = 'keyed'"
                    + " UNION ALL SELECT 'constraint ' || k.conname || ': ' || pg_get_constraintdef(k.oid) || ' index='"
                    + " || coalesce(ci.relname, '-') || ' validated=' || k.convalidated FROM pg_constraint k"
                    + " JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
                    + " LEFT JOIN pg_class ci ON ci.oid = k.conindid WHERE n.nspname = " + quotedSchema
                    + " AND t.relname = 'keyed' ORDER BY 1")) {
                while (rs.next()) {
                    rows.add(rs.getString(1).replace("\"" + schema + "\".", "").replace(schema + ".", ""));
                }
            }
        }
        return rows;
    }
}
