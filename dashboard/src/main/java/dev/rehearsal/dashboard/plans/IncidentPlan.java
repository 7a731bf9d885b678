package dev.rehearsal.dashboard.plans;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What an incident run of a plan would do, shown before it starts (the dry run) and chosen again
 * the same way when it starts: every table with the backup chosen for it, that backup's age, and
 * where it is restored. A new name's {@code {date}} is the start of the run that uses it, so it can
 * be a few seconds later than the dry run's; the run's report names the targets used.
 *
 * @param problems what stops the run, one line each naming the table; empty when it can start
 * @param forecast how long it should take, stage by stage, from its start, with a range and what it rests on
 */
public record IncidentPlan(String plan, BackupChoice choice, Instant at, List<Stage> stages, List<String> problems,
        PlanForecasts.ForecastView forecast) {

    public IncidentPlan {
        stages = List.copyOf(stages);
        problems = List.copyOf(problems);
    }

    /** The same plan with the forecast of its run (null when none can be made). */
    public IncidentPlan withForecast(PlanForecasts.ForecastView f) {
        return new IncidentPlan(plan, choice, at, stages, problems, f);
    }

    public record Stage(String name, Duration objective, int concurrency, List<Table> tables) {
        public Stage {
            tables = List.copyOf(tables);
        }
    }

    /**
     * @param backupId      the backup to restore, or null if none fits the choice
     * @param backupTakenAt when it was taken: what was written after it is not in it
     * @param verified      whether a passing drill restored and verified it
     * @param target        where it is restored: the table's own name when the table is gone, else a new name
     * @param ownName       whether the target is the table's own name
     * @param problem       why this table cannot be restored as planned, or null
     */
    public record Table(String source, String table, String backupId, Instant backupTakenAt, boolean verified,
            String target, boolean ownName, String problem) {
    }

    public boolean ready() {
        return problems.isEmpty();
    }
}
