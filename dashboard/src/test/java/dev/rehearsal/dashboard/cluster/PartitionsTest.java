package dev.rehearsal.dashboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.testing.PostgresExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The claim that keeps a partition from running twice, on a PostgreSQL catalog migrated by the
 * daemon's own scripts: of eight workers claiming the same partition at the same instant, one
 * wins, for each of 200 partitions; and a claim the manager took back cannot be kept alive.
 */
class PartitionsTest {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static Partitions partitions;

    @BeforeAll
    static void catalog() {
        var ds = new DriverManagerDataSource(postgres.url(), postgres.user(), postgres.password());
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        partitions = new Partitions(new JdbcTemplate(ds));
    }

    @Test
    void ofEightWorkersClaimingOnePartitionAtOnceExactlyOneWinsEveryTime() throws Exception {
        int workers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            for (long id = 1_000; id < 1_200; id++) {
                long partition = id;
                CyclicBarrier together = new CyclicBarrier(workers);
                List<Future<Boolean>> claims = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    Worker worker = new Worker("host-" + w, 100 + w);
                    claims.add(pool.submit(() -> {
                        together.await();
                        return partitions.claim(partition, 7, "segment:segment" + partition, worker, Instant.now());
                    }));
                }
                int won = 0;
                for (Future<Boolean> c : claims) {
                    won += c.get() ? 1 : 0;
                }
                assertThat(won).as("workers that won partition " + partition).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(partitions.ofJobExecution(7)).hasSize(200);
    }

    @Test
    void aClaimTakenBackIsNeitherKeptAliveNorOverwrittenByItsWorker() {
        Worker owner = new Worker("a", 1);
        assertThat(partitions.claim(1, 9, "segment:segment0", owner, Instant.now())).isTrue();
        assertThat(partitions.heartbeat(1, new Worker("b", 2), Instant.now())).as("another worker's heartbeat").isFalse();
        assertThat(partitions.heartbeat(1, owner, Instant.now())).isTrue();
        assertThat(partitions.lost(1, "no heartbeat", Instant.now())).isTrue();
        assertThat(partitions.heartbeat(1, owner, Instant.now())).as("the heartbeat of a lost partition").isFalse();
        partitions.finished(1, "COMPLETED", null, Instant.now());
        assertThat(partitions.ofJobExecution(9)).singleElement()
                .satisfies(p -> assertThat(p.status()).isEqualTo("LOST"));
        assertThat(partitions.anyLost(9)).isTrue();

        assertThat(partitions.claim(2, 10, "segment:segment0", owner, Instant.now())).isTrue();
        assertThat(partitions.claim(3, 10, "segment:segment1", owner, Instant.now())).isTrue();
        partitions.finished(3, "COMPLETED", null, Instant.now());
        assertThat(partitions.abandon(10, "recovered", Instant.now())).as("running partitions stopped").isEqualTo(1);
        assertThat(partitions.ofJobExecution(10)).extracting(Partitions.Partition::status)
                .containsExactlyInAnyOrder("LOST", "COMPLETED");
    }
}
