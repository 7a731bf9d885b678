package dev.rehearsal.drill.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.source.mysql.MySqlTableName;
import dev.rehearsal.core.source.mysql.MySqlTestDatabase;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.drill.drill.DrillRequest;
import dev.rehearsal.drill.drill.DrillResult;
import dev.rehearsal.drill.drill.DrillRunner;
import dev.rehearsal.drill.drill.Outcome;
import dev.rehearsal.drill.restore.RestoreRequest;
import dev.rehearsal.drill.restore.RestoreResult;
import dev.rehearsal.drill.restore.RestoreRunner;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.verify.CheckResult;
import dev.rehearsal.drill.verify.SqlCheck;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every type MariaDB offers a user goes through backup and restore unchanged: the restored table,
 * in a sandbox database, prints row for row exactly as the source does (bytes of text in its own
 * character set, every byte value of binary columns, numbers at their limits); its definition
 * (character sets, collations, defaults, generated columns, keys, indexes, CHECK constraints,
 * AUTO_INCREMENT) matches; and a drill of it passes every check.
 */
class MySqlFidelityTest {

    @RegisterExtension
    static final MySqlTestDatabase db = new MySqlTestDatabase();

    private static MySqlDrillFixture fx;
    private static String table;

    @TempDir
    Path dir;

    @BeforeAll
    static void everything() throws Exception {
        fx = new MySqlDrillFixture(db);
        table = db.database() + ".everything";
        String allBytes = HexFormat.of().formatHex(allBytes(0));
        String latin1 = HexFormat.of().formatHex(allBytes(0x20));
        db.sql("""
                CREATE TABLE everything (
                  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
                  ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED,
                  mi MEDIUMINT, miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED,
                  dec65 DECIMAL(65,30), f FLOAT, d DOUBLE, b64 BIT(64), b1 BIT(1),
                  c CHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci,
                  vc VARCHAR(100) CHARACTER SET utf8mb4,
                  tx TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                  lc CHAR(5) CHARACTER SET latin1,
                  lvc VARCHAR(300) CHARACTER SET latin1 COLLATE latin1_swedish_ci,
                  ltx TEXT CHARACTER SET latin1,
                  bn BINARY(4), vb VARBINARY(300), bl BLOB, lb LONGBLOB,
                  j JSON, dt DATE, dtm DATETIME(6), ts TIMESTAMP(6) NULL DEFAULT NULL, tm TIME(6), yr YEAR,
                  e ENUM('sad','ok','happy','quoted''label'), st SET('a','b','c d'),
                  status VARCHAR(10) NOT NULL DEFAULT 'new' COMMENT 'who''s asking',
                  changed TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
                  gv INT AS (i * 2) VIRTUAL,
                  gs VARCHAR(120) AS (CONCAT(vc, '!')) STORED,
                  PRIMARY KEY (id),
                  UNIQUE KEY uq_vc (vc),
                  KEY k_dt (dt DESC, e),
                  KEY k_prefix (tx(10)),
                  CONSTRAINT chk_si CHECK (si IS NULL OR si >= -32768)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci AUTO_INCREMENT=10""",
                "INSERT INTO everything (ti, tiu, si, siu, mi, miu, i, iu, bi, biu, dec65, f, d, b64, b1, c, vc, tx, lc,"
                        + " lvc, ltx, bn, vb, bl, lb, j, dt, dtm, ts, tm, yr, e, st, changed) VALUES"
                        + " (127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807,"
                        + " 18446744073709551615, '99999999999999999999999999999999999.999999999999999999999999999999',"
                        + " 3.4028234e38, 1.7976931348623157e308, b'1111111111111111111111111111111111111111111111111111111111111111',"
                        + " b'1', 'ünïcødé', 'emoji 😀 名前 ～', 'tab\\there\\nnew line\\\\back ''quote'' \"dq\"', 'åäö',"
                        + " _latin1 X'" + latin1 + "', 'caf\u00e9', X'00ff10', X'" + allBytes + "', X'" + allBytes + "',"
                        + " X'" + allBytes + allBytes + "', '{\"b\": 1,  \"a\": [1, 2.50, \"x\"], \"b\": 2}', '9999-12-31',"
                        + " '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999', '838:59:59.000000', 2155, 'happy',"
                        + " 'a,c d', '2026-12-07 10:00:00.123456'),"
                        + " (-128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0,"
                        + " '-99999999999999999999999999999999999.999999999999999999999999999999', -3.4028234e38,"
                        + " -1.7976931348623157e308, b'0', b'0', '', '', '', '', '', '', X'00000000', X'', X'', X'',"
                        + " '[]', '1000-01-01', '1000-01-01 00:00:00.000000', '1970-01-01 00:00:01.000000', '-838:59:59.000000',"
                        + " 1901, 'quoted''label', '', '2026-12-07 10:00:00'),"
                        + " (0, 1, 0, 1, 0, 1, 0, 1, 0, 1, '0.000000000000000000000000000001', 1.17549435e-38, 4.9e-324,"
                        + " 1, NULL, 'a', 'zero\\0byte', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'null', NULL, NULL,"
                        + " NULL, '00:00:00.000001', 0, NULL, NULL, '2026-12-07 10:00:00'),"
                        + " (NULL, NULL, NULL, NULL, NULL, NULL, 16777217, NULL, NULL, NULL, NULL, 0.1, 0.1, NULL, NULL,"
                        + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                        + " NULL, NULL, '2026-12-07 10:00:00')",
                "SET SESSION max_recursive_iterations = 1000000",
                "INSERT INTO everything (i, vc, d, f, changed) WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1"
                        + " FROM g WHERE n < 3000) SELECT n, CONCAT('bulk ', n), n / 7, n / 3, '2026-12-07 10:00:00' FROM g");
    }

    private static byte[] allBytes(int from) {
        byte[] b = new byte[256 - from];
        for (int i = from; i < 256; i++) {
            b[i - from] = (byte) i;
        }
        return b;
    }

    @Test
    void restoredTablePrintsRowForRowAsTheSource() throws Exception {
        FileSystemBackupStore store = new FileSystemBackupStore(dir);
        BackupResult backup = fx.backup(table, store, 3);
        assertThat(backup.manifest().totals().items()).isEqualTo(3004);
        SandboxGuard guard = fx.guard(Set.of(table));
        String target = guard.sandboxFor(table, "20261207t180000-9f3a61").name();
        try (MySqlTableSink sink = fx.sink(guard)) {
            RestoreResult restored = new RestoreRunner().run(RestoreRequest.of(new BackupRepository(store), backup.ref(),
                    sink, target).withConcurrency(2, 4));
            assertThat(restored.items()).isEqualTo(3004);
            assertThat(restored.warnings()).isEmpty();
            List<String> source = fx.rowsAsText(MySqlTableName.parse(table), "id");
            assertThat(fx.rowsAsText(new MySqlTableName(target, "everything"), "id")).hasSize(3004)
                    .containsExactlyElementsOf(source);
            assertThat(sink.schemaDifferences(backup.manifest().table().schema(), target)).isEmpty();
            assertThat(sink.loadsWithLoadData()).as("rows streamed with LOAD DATA LOCAL INFILE").isTrue();
            guard.ledger().record(target, "20261207t180000-9f3a61");
            sink.drop(guard.accept(target, "20261207t180000-9f3a61"));
        }
        assertThat(fx.sandboxDatabases()).isEmpty();
    }

    @Test
    void aValueTheServerWouldChangeOrARowItWouldSkipFailsTheLoadNamingTheTable() throws Exception {
        db.sql("CREATE TABLE small (id INT PRIMARY KEY, t TINYINT, v VARCHAR(3))");
        tools.jackson.databind.JsonNode schema;
        try (var src = fx.tableSource()) {
            schema = src.describe(db.database() + ".small").schema();
        }
        SandboxGuard guard = fx.guard(Set.of(table));
        try (MySqlTableSink sink = fx.sink(guard)) {
            for (String[] bad : List.of(
                    new String[] {"{\"id\":\"1\",\"t\":\"300\",\"v\":\"ok\"}", "changed or skipped"},
                    new String[] {"{\"id\":\"1\",\"t\":\"1\",\"v\":\"toolong\"}", "changed or skipped"},
                    new String[] {"{\"id\":\"1\",\"t\":\"1\",\"v\":\"a\"}", "Duplicate entry"})) {
                String target = guard.sandboxFor(db.database() + ".small", SandboxGuard.newDrillId(java.time.Instant.now()))
                        .name();
                guard.ledger().record(target, "test");
                sink.create(target, schema, java.util.Map.of(), true);
                List<byte[]> lines = new java.util.ArrayList<>();
                lines.add(bad[0].getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (bad[1].equals("Duplicate entry")) {
                    lines.add(bad[0].getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                try {
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sink.write(target, lines))
                            .isInstanceOf(MySqlSinkException.class)
                            .hasMessageContaining("sandbox database '" + target + "'")
                            .hasMessageContaining(bad[1]);
                } finally {
                    db.sql("DROP DATABASE " + MySqlTableName.quote(target));
                }
            }
            assertThat(sink.loadsWithLoadData()).isTrue();
        }
    }

    @Test
    void drillPassesEveryCheckIncludingSqlChecks() throws Exception {
        FileSystemBackupStore store = new FileSystemBackupStore(dir);
        fx.backup(table, store, 2);
        SandboxGuard guard = fx.guard(Set.of(table));
        DrillResult r;
        try (MySqlTableSink sink = fx.sink(guard)) {
            r = new DrillRunner().run(DrillRequest.of("maria", table, new BackupRepository(store), sink, guard)
                    .withSqlChecks(List.of(
                            new SqlCheck("happy", "select count(*) from everything where e = 'happy'", "1"),
                            new SqlCheck("bulk", "select count(*) from everything where vc like 'bulk %'", "3000"))));
        }
        assertThat(r.outcome()).as("errors %s", r.errors()).isEqualTo(Outcome.PASSED);
        assertThat(r.checks()).extracting(CheckResult::check)
                .containsExactly("item-count", "content-digest", "schema", "spot-check", "sql:happy", "sql:bulk");
        assertThat(r.items()).isEqualTo(3004);
        assertThat(fx.sandboxDatabases()).isEmpty();
    }
}
