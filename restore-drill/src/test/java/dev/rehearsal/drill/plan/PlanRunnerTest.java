package dev.rehearsal.drill.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.TableId;
import dev.rehearsal.drill.restore.Phase;
import dev.rehearsal.drill.verify.CheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PlanRunnerTest {

    private static final TableId CONFIG = new TableId("main", "service-config");
    private static final TableId FILES = new TableId("main", "file-metadata");
    private static final TableId DEVICES = new TableId("main", "device-ids");
    private static final TableId USERS = new TableId("main", "user-ids");
    private static final TableId ORDERS = new TableId("pg", "public.orders");

    private static PlanStage stage(String name, Duration objective, int concurrency, TableId... tables) {
        return new PlanStage(name, objective, concurrency, List.of(tables));
    }

    private static TableOutcome verified(TableId t) {
        return new TableOutcome(TableOutcome.Status.VERIFIED, "drill-" + t.table(), "20261207T030000Z-abcdef",
                Instant.parse("2026-12-07T03:00:00Z"), "rh-" + t.table(), 10, 100, Duration.ofMillis(50),
                Map.of(Phase.DATA_LOAD, Duration.ofMillis(40)), List.of(CheckResult.pass("item-count", "10 = 10")), List.of(),
                "sandbox table 'rh-" + t.table() + "' was deleted");
    }

    @Test
    void stagesRunInOrderAndTablesOfAStageInParallelUpToItsBound() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Map<TableId, long[]> times = new ConcurrentHashMap<>();
        TableTask task = (table, stage) -> {
            long begin = System.nanoTime();
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(150);
            running.decrementAndGet();
            times.put(table, new long[] {begin, System.nanoTime()});
            return verified(table);
        };
        PlanResult r = new PlanRunner().run(new PlanRequest("plan-1", "incident", Mode.DRILL, List.of(
                stage("dashboards", Duration.ofHours(1), 2, CONFIG, FILES, ORDERS),
                stage("processing", Duration.ofHours(4), 2, DEVICES, USERS)), task, null, null));

        assertThat(r.outcome()).isEqualTo(PlanResult.Outcome.VERIFIED);
        assertThat(most.get()).as("at most two tables at once, and two did run together").isEqualTo(2);
        long lastOfFirst = List.of(CONFIG, FILES, ORDERS).stream().mapToLong(t -> times.get(t)[1]).max().orElseThrow();
        long firstOfSecond = List.of(DEVICES, USERS).stream().mapToLong(t -> times.get(t)[0]).min().orElseThrow();
        assertThat(firstOfSecond).as("stage two starts after stage one's last table ended").isGreaterThanOrEqualTo(lastOfFirst);

        StageResult one = r.stages().get(0);
        StageResult two = r.stages().get(1);
        assertThat(one.state()).isEqualTo(StageResult.State.RECOVERED);
        Instant lastEnd = one.tables().stream().map(TableRun::finishedAt).max(Instant::compareTo).orElseThrow();
        assertThat(one.recoveredAfter()).isEqualTo(Duration.between(r.startedAt(), lastEnd));
        // Three tables of 150 ms on two slots: at least two rounds.
        assertThat(one.recoveredAfter()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(two.recoveredAfter()).isGreaterThan(one.recoveredAfter());
        assertThat(r.recoveryTime()).isEqualTo(two.recoveredAfter());
        assertThat(one.objectiveMet()).isTrue();
    }

    @Test
    void aStageOverItsObjectiveIsRecoveredButMissesIt() {
        PlanResult r = new PlanRunner().run(new PlanRequest("plan-2", "tight", Mode.DRILL, List.of(
                stage("dashboards", Duration.ofMillis(20), 1, CONFIG)), (table, stage) -> {
                    Thread.sleep(60);
                    return verified(table);
                }, null, null));
        assertThat(r.stages().get(0).state()).isEqualTo(StageResult.State.RECOVERED);
        assertThat(r.stages().get(0).objectiveMet()).isFalse();
        assertThat(r.outcome()).isEqualTo(PlanResult.Outcome.VERIFIED);
    }

    @Test
    void aFailedTableFailsItsStageButTheNextStagesStillRun() {
        TableTask task = (table, stage) -> {
            if (table.equals(FILES)) {
                return new TableOutcome(TableOutcome.Status.FAILED, "drill-x", "b", Instant.EPOCH, "rh-x", 9, 0, null,
                        Map.of(), List.of(CheckResult.fail("item-count", "9 != 10", List.of())), List.of("item-count failed: 9 != 10"),
                        "sandbox table 'rh-x' was deleted");
            }
            if (table.equals(USERS)) {
                throw new IllegalStateException("no committed backup of table 'user-ids'");
            }
            return verified(table);
        };
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        PlanListener listener = new PlanListener() {
            @Override
            public void tableFinished(TableRun run) {
                heard.add(run.table().table() + ":" + run.outcome().status());
            }

            @Override
            public void stageFinished(StageResult s) {
                heard.add("stage " + s.name() + ":" + s.state());
            }
        };
        PlanResult r = new PlanRunner().run(new PlanRequest("plan-3", "incident", Mode.INCIDENT, List.of(
                stage("dashboards", Duration.ofHours(1), 2, CONFIG, FILES),
                stage("processing", Duration.ofHours(4), 1, DEVICES, USERS)), task, listener, null));

        assertThat(r.outcome()).isEqualTo(PlanResult.Outcome.FAILED);
        assertThat(r.recoveryTime()).isNull();
        assertThat(r.stages().get(0).state()).isEqualTo(StageResult.State.FAILED);
        assertThat(r.stages().get(0).recoveredAfter()).isNull();
        assertThat(r.stages().get(0).objectiveMet()).isFalse();
        assertThat(r.stages().get(1).tables()).extracting(t -> t.outcome().status())
                .containsExactly(TableOutcome.Status.VERIFIED, TableOutcome.Status.ERROR);
        assertThat(r.stages().get(1).tables().get(1).outcome().errors())
                .containsExactly("table main/user-ids: no committed backup of table 'user-ids'");
        assertThat(heard).contains("file-metadata:FAILED", "stage dashboards:FAILED", "user-ids:ERROR", "stage processing:FAILED");
        assertThat(heard.indexOf("stage dashboards:FAILED")).isLessThan(heard.indexOf("device-ids:VERIFIED"));
    }

    @Test
    void interruptingTheRunCancelsRunningTablesWaitsForTheirCleanUpAndSkipsTheRest() throws Exception {
        CountDownLatch bothRunning = new CountDownLatch(2);
        Set<TableId> cleanedUp = ConcurrentHashMap.newKeySet();
        TableTask task = (table, stage) -> {
            bothRunning.countDown();
            try {
                Thread.sleep(60_000);
                return verified(table);
            } catch (InterruptedException e) {
                Thread.sleep(0); // what a real task does here: delete what it created, then let the interrupt out
                cleanedUp.add(table);
                throw new InterruptedException("cancelled; table rh-" + table.table() + " was deleted");
            }
        };
        AtomicReference<PlanResult> result = new AtomicReference<>();
        AtomicReference<Boolean> interruptKept = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            result.set(new PlanRunner().run(new PlanRequest("plan-4", "incident", Mode.INCIDENT, List.of(
                    stage("dashboards", Duration.ofHours(1), 2, CONFIG, FILES, ORDERS),
                    stage("processing", Duration.ofHours(4), 2, DEVICES)), task, null, null)));
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        runner.start();
        assertThat(bothRunning.await(10, TimeUnit.SECONDS)).isTrue();
        runner.interrupt();
        runner.join(10_000);
        assertThat(runner.isAlive()).isFalse();

        PlanResult r = result.get();
        assertThat(r.outcome()).isEqualTo(PlanResult.Outcome.CANCELLED);
        assertThat(interruptKept.get()).as("the caller still sees its interrupt").isTrue();
        assertThat(cleanedUp).containsExactlyInAnyOrder(CONFIG, FILES);
        assertThat(r.stages().get(0).tables()).extracting(t -> t.outcome().status())
                .containsExactly(TableOutcome.Status.CANCELLED, TableOutcome.Status.CANCELLED, TableOutcome.Status.SKIPPED);
        assertThat(r.stages().get(0).state()).isEqualTo(StageResult.State.CANCELLED);
        assertThat(r.stages().get(1).tables().get(0).outcome().status()).isEqualTo(TableOutcome.Status.SKIPPED);
        assertThat(r.stages().get(1).startedAt()).isNull();
        assertThat(r.stages().get(1).state()).isEqualTo(StageResult.State.CANCELLED);
    }
}
