package dev.rehearsal.dashboard.plans;

import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.TableId;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.engine.Engines;
import dev.rehearsal.dashboard.jobs.Preflight;
import dev.rehearsal.dashboard.jobs.Refusal;
import dev.rehearsal.drill.plan.PlanStage;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chooses, for each table of a plan, the backup to restore and the target: the table's own name
 * when the source no longer has it (the case of a deleted table), otherwise a new name from the
 * plan's template. A target that exists is never written: every choice goes through the same
 * {@link Preflight} checks as an admin's single restore.
 */
public final class IncidentPlanner {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final PlanResolver plans;
    private final Engines engines;
    private final Catalog catalog;
    private final Preflight preflight;

    public IncidentPlanner(PlanResolver plans, Engines engines, Catalog catalog, Preflight preflight) {
        this.plans = plans;
        this.engines = engines;
        this.catalog = catalog;
        this.preflight = preflight;
    }

    public IncidentPlan plan(String name, BackupChoice choice, Instant now) {
        RehearsalProperties.Plan config = plans.plan(name);
        List<IncidentPlan.Stage> stages = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (PlanStage stage : plans.stages(name)) {
            List<IncidentPlan.Table> tables = new ArrayList<>();
            for (TableId t : stage.tables()) {
                IncidentPlan.Table table = table(t, choice, config.targetTemplate(), now);
                tables.add(table);
                if (table.problem() != null) {
                    problems.add(t + ": " + table.problem());
                }
            }
            stages.add(new IncidentPlan.Stage(stage.name(), stage.objective(), stage.concurrency(), tables));
        }
        return new IncidentPlan(name, choice, now, stages, problems, null);
    }

    private IncidentPlan.Table table(TableId t, BackupChoice choice, String template, Instant now) {
        Optional<String> verifiedId = catalog.newestVerifiedBackup(t.source(), t.table());
        BackupRef backup;
        try {
            backup = backup(t, choice, verifiedId).orElse(null);
        } catch (IOException | RuntimeException e) {
            return new IncidentPlan.Table(t.source(), t.table(), null, null, false, null, false,
                    "its backups could not be listed: " + e.getMessage());
        }
        if (backup == null) {
            return new IncidentPlan.Table(t.source(), t.table(), null, null, false, null, false, switch (choice.kind()) {
                case VERIFIED -> "no verified backup (no drill of it has passed); choose backups=newest to restore an"
                        + " unverified one";
                case NEWEST -> "no committed backup";
                case BEFORE -> "no committed backup taken before " + choice.before();
            });
        }
        boolean verified = verifiedId.map(id -> id.equals(backup.id().value())).orElse(false);
        Instant taken = backup.id().time();
        String target;
        boolean ownName;
        try {
            ownName = !engines.recoverySink(t.source()).exists(t.table());
        } catch (UnsupportedOperationException e) {
            return new IncidentPlan.Table(t.source(), t.table(), backup.id().value(), taken, verified, null, false,
                    e.getMessage());
        } catch (RuntimeException e) {
            return new IncidentPlan.Table(t.source(), t.table(), backup.id().value(), taken, verified, null, false,
                    "source '" + t.source() + "' could not be asked whether the table exists: " + e.getMessage());
        }
        target = ownName ? t.table() : template.replace("{table}", t.table()).replace("{date}", DATE.format(now));
        try {
            preflight.restore(t.source(), t.table(), backup.id().value(), target, false);
        } catch (Refusal r) {
            return new IncidentPlan.Table(t.source(), t.table(), backup.id().value(), taken, verified, target, ownName,
                    r.getMessage());
        }
        return new IncidentPlan.Table(t.source(), t.table(), backup.id().value(), taken, verified, target, ownName, null);
    }

    private Optional<BackupRef> backup(TableId t, BackupChoice choice, Optional<String> verifiedId) throws IOException {
        RehearsalProperties.Policy policy = engines.policyFor(t.source(), t.table()).orElseThrow().getValue();
        BackupRepository repository = new BackupRepository(engines.store(policy.store()));
        List<BackupRef> committed = repository.committed(t.source(), t.table());
        return switch (choice.kind()) {
            case VERIFIED -> verifiedId.flatMap(id -> committed.stream().filter(b -> b.id().value().equals(id)).findFirst());
            case NEWEST -> committed.stream().reduce((a, b) -> b); // committed() is sorted oldest first
            case BEFORE -> committed.stream().filter(b -> b.id().time().isBefore(choice.before()))
                    .reduce((a, b) -> b);
        };
    }
}
