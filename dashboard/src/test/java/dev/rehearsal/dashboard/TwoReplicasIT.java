package dev.rehearsal.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.PostgresExtension;
import dev.rehearsal.core.testing.TestTables;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Two daemons on one PostgreSQL, both scheduling the same table every five seconds: each tick's
 * backup runs once, never twice.
 */
class TwoReplicasIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    Path storeDir;

    @Test
    void theSameScheduledBackupNeverRunsTwice() throws Exception {
        DynamoDbLocal dynamo = DynamoDbLocal.shared();
        String table = TestTables.uniqueName("replicas");
        try (DynamoDbClient c = dynamo.client()) {
            TestTables.createSimple(c, table);
            TestTables.fill(c, table, 500, 100);
        }
        Map<String, String> config = TestConfig.daemon().postgres(postgres).source(dynamo).filesystemStore(storeDir)
                .policy("main", table)
                .with("rehearsal.policies.main.backup-cron", "*/5 * * * * *")
                .with("rehearsal.policies.main.retention.keep-last", "1000") // every backup stays, to be counted
                .toMap();

        BackupRepository backups = new BackupRepository(new FileSystemBackupStore(storeDir));
        // The first replica creates the schema; the second starts once it is there.
        try (DaemonProcess a = DaemonProcess.start("replica-a", config)) {
            CrashRecoveryIT.await("replica a is up", Duration.ofSeconds(120), () -> logContains(a, "Covered tables"), a);
            try (DaemonProcess b = DaemonProcess.start("replica-b", config)) {
                CrashRecoveryIT.await("replica b is up", Duration.ofSeconds(120), () -> logContains(b, "Covered tables"), b);
                long until = System.nanoTime() + Duration.ofSeconds(25).toNanos();
                while (System.nanoTime() < until) {
                    Thread.sleep(500);
                }
            }
        }
        long completed = count("SELECT COUNT(*) FROM batch_job_execution e JOIN batch_job_instance i"
                + " ON e.job_instance_id = i.job_instance_id WHERE i.job_name = 'rehearsal-backup' AND e.status = 'COMPLETED'");
        long ticksRunTwice = count("SELECT COUNT(*) FROM (SELECT p.parameter_value FROM batch_job_execution_params p"
                + " JOIN batch_job_execution e ON e.job_execution_id = p.job_execution_id WHERE p.parameter_name = 'run'"
                + " AND e.status = 'COMPLETED' GROUP BY p.parameter_value HAVING COUNT(*) > 1) twice");
        assertThat(completed).as("backups ran while both replicas were up").isGreaterThanOrEqualTo(4);
        assertThat(ticksRunTwice).as("ticks whose backup ran twice").isZero();
        assertThat(backups.committed("local", table)).as("one committed backup per completed job").hasSize((int) completed);
    }

    private static boolean logContains(DaemonProcess p, String text) {
        try {
            return p.log().contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password());
                ResultSet r = c.createStatement().executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
