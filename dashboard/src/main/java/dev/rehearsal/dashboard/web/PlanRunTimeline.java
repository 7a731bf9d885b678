package dev.rehearsal.dashboard.web;

import dev.rehearsal.dashboard.plans.LiveRun;
import dev.rehearsal.drill.plan.PlanReport;
import dev.rehearsal.drill.plan.PlanResult;
import dev.rehearsal.drill.plan.StageResult;
import dev.rehearsal.drill.plan.TableRun;
import java.util.ArrayList;
import java.util.List;

/**
 * A plan run as the run page draws it: each stage a row of its tables, from the live snapshot
 * while the run goes on in this process, or from the report once it has ended. The page's script
 * then updates the same rows from the run's event stream, which carries the snapshot as it is.
 *
 * @param etaSeconds the whole plan's time left, from now, while it runs; else null
 */
record PlanRunTimeline(String status, Double elapsedSeconds, Double etaSeconds, Double etaLowSeconds,
        Double etaHighSeconds, String etaBasis, Double recoverySeconds, boolean cancelRequested, List<Stage> stages) {

    /**
     * @param state         PENDING, RUNNING, RECOVERED, FAILED or CANCELLED
     * @param recoveredAfterSeconds from the plan's start to the stage being back; null until it is
     * @param objectiveMet  whether it was back within its objective; null while that is not known
     */
    record Stage(String name, String state, double objectiveSeconds, Double recoveredAfterSeconds, Double etaSeconds,
            Double etaLowSeconds, Double etaHighSeconds, Boolean objectiveMet, List<Table> tables) {
    }

    /**
     * @param state   PENDING, RUNNING, then VERIFIED, FAILED, ERROR, CANCELLED or SKIPPED
     * @param runId   the table's own drill or restore, once it has started
     * @param percent 0 to 100 while it loads; 100 once verified
     */
    record Table(String table, String state, String runId, String target, long items, long totalItems, double percent,
            double itemsPerSecond, String phase, Double recoverySeconds, String error) {
    }

    static PlanRunTimeline of(LiveRun.Snapshot s) {
        List<Stage> stages = new ArrayList<>();
        for (LiveRun.StageView v : s.stages()) {
            List<Table> tables = new ArrayList<>();
            for (LiveRun.TableView t : s.tables()) {
                if (t.stage().equals(v.name())) {
                    tables.add(new Table(t.table(), t.state(), t.runId(), t.target(), t.items(), t.totalItems(),
                            t.state().equals("VERIFIED") ? 100 : t.percent(), t.itemsPerSecond(), t.phase(),
                            t.recoverySeconds(), t.error()));
                }
            }
            Boolean met = v.recoveredAfterSeconds() == null ? null : v.recoveredAfterSeconds() <= v.objectiveSeconds();
            stages.add(new Stage(v.name(), v.state(), v.objectiveSeconds(), v.recoveredAfterSeconds(), v.etaSeconds(),
                    v.etaLowSeconds(), v.etaHighSeconds(), met, tables));
        }
        return new PlanRunTimeline(s.status(), s.elapsedSeconds(), s.etaSeconds(), s.etaLowSeconds(), s.etaHighSeconds(),
                s.etaBasis(), null, s.cancelRequested(), stages);
    }

    static PlanRunTimeline of(PlanReport report) {
        PlanResult r = report.result();
        List<Stage> stages = new ArrayList<>();
        for (StageResult s : r.stages()) {
            List<Table> tables = new ArrayList<>();
            for (TableRun t : s.tables()) {
                var o = t.outcome();
                String state = o == null ? "PENDING" : o.status().name();
                tables.add(new Table(t.table().toString(), state, o == null ? null : o.runId(), o == null ? null : o.target(),
                        o == null ? 0 : o.items(), o == null ? 0 : o.items(), o != null && o.verified() ? 100 : 0, 0, null,
                        o == null || o.recoveryTime() == null ? null : o.recoveryTime().toMillis() / 1000.0,
                        o == null || o.errors().isEmpty() ? null : String.join("; ", o.errors())));
            }
            stages.add(new Stage(s.name(), s.state().name(), s.objective().toMillis() / 1000.0,
                    s.recoveredAfter() == null ? null : s.recoveredAfter().toMillis() / 1000.0, null, null, null,
                    s.objectiveMet(), tables));
        }
        Double elapsed = r.finishedAt() == null ? null
                : java.time.Duration.between(r.startedAt(), r.finishedAt()).toMillis() / 1000.0;
        return new PlanRunTimeline(r.outcome().name(), elapsed, null, null, null, null,
                r.recoveryTime() == null ? null : r.recoveryTime().toMillis() / 1000.0, report.cancelledBy() != null,
                stages);
    }

    boolean running() {
        return status.equals("RUNNING");
    }
}
