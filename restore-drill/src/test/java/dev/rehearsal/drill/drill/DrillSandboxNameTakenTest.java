package dev.rehearsal.drill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.drill.CountingDynamoDbClient;
import dev.rehearsal.drill.DrillFixture;
import dev.rehearsal.drill.dynamodb.DynamoDbTableSink;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drill's sandbox name is taken by a table the drill did not create. The name carries a random
 * drill id, so this takes a fixed id to provoke; but the rule is absolute, and on an engine without
 * tags the only proof of ownership is the ledger entry the drill writes before CreateTable.
 */
class DrillSandboxNameTakenTest {

    private static final String DRILL = "20261121t161500-9f3a61";
    private final DrillFixture fx = new DrillFixture();

    @TempDir
    Path dir;

    @Test
    void aTableAlreadyHoldingTheSandboxNameIsNeitherWrittenNorDeletedNorLeftClaimed() throws Exception {
        String table = fx.table("taken", 300, 100);
        BackupRepository repository = DrillFixture.repository(new FileSystemBackupStore(dir));
        fx.backup(table, repository.store());
        SandboxGuard guard = fx.guard(Set.of(table));
        String taken = guard.sandboxFor(table, DRILL).name();
        DrillFixture.createTable(fx.sandbox, taken, 80, 60);
        var before = DrillFixture.contents(fx.sandbox, taken);

        CountingDynamoDbClient client = new CountingDynamoDbClient(fx.sandboxClient());
        DrillResult r;
        try (DynamoDbTableSink sink = DrillFixture.sink(fx.sandbox, client, guard)) {
            r = new DrillRunner(now -> DRILL).run(DrillRequest.of("local", table, repository, sink, guard));
        }

        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(String.join(" ", r.errors())).contains("'" + taken + "' already exists");
        assertThat(r.sandboxTable()).as("this drill created no sandbox").isNull();
        assertThat(client.writes()).isEmpty();
        assertThat(DrillFixture.contents(fx.sandbox, taken)).isEqualTo(before);
        // No ledger entry is left behind that would let the janitor delete the table later.
        assertThat(guard.ledger().owner(taken)).isEmpty();
        Instant later = Instant.now().plus(Duration.ofDays(1));
        try (DynamoDbTableSink sink = fx.sink(guard)) {
            assertThat(new Janitor(sink, guard, Duration.ofMinutes(1), Clock.fixed(later, ZoneOffset.UTC)).sweep())
                    .doesNotContain(taken);
        }
        assertThat(DrillFixture.contents(fx.sandbox, taken)).isEqualTo(before);
    }
}
