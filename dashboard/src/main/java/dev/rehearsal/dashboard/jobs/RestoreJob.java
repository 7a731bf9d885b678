package dev.rehearsal.dashboard.jobs;

import dev.rehearsal.core.BackupId;
import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.catalog.RestoreRecord;
import dev.rehearsal.dashboard.catalog.RestoreStatus;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.engine.Engines;
import dev.rehearsal.drill.pipeline.Target;
import dev.rehearsal.drill.pipeline.VerifiedRestore;
import dev.rehearsal.drill.pipeline.VerifiedRestoreRequest;
import dev.rehearsal.drill.pipeline.VerifiedRestoreResult;
import dev.rehearsal.drill.sink.TableSink;
import io.micrometer.observation.ObservationRegistry;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The restore job: one step that hands a backup to the {@link VerifiedRestore} pipeline, with a
 * sandbox or a new table as its target, and keeps the restore's catalog record current from the
 * one in-memory record of it ({@link RunningRestores}).
 */
final class RestoreJob {

    static final String NAME = "rehearsal-restore";
    private static final Logger log = LoggerFactory.getLogger(RestoreJob.class);

    private final Engines engines;
    private final Catalog catalog;
    private final RunningRestores running;
    private final RehearsalJobs jobs;
    private final VerifiedRestore pipeline = new VerifiedRestore();
    private final Job job;

    RestoreJob(JobRepository repository, PlatformTransactionManager tx, JobExecutionListener tracking, Engines engines,
            Catalog catalog, RunningRestores running, ObservationRegistry observations, RehearsalJobs jobs) {
        this.jobs = jobs;
        this.engines = engines;
        this.catalog = catalog;
        this.running = running;
        this.job = new JobBuilder(NAME, repository).observationRegistry(observations)
                .listener(tracking)
                .start(new StepBuilder("restore", repository).observationRegistry(observations)
                        .tasklet((contribution, chunk) -> {
                            restoreStep(chunk.getStepContext().getJobParameters());
                            return RepeatStatus.FINISHED;
                        }, tx).build())
                .build();
    }

    Job job() {
        return job;
    }

    /**
     * Runs one restore through the {@link VerifiedRestore} pipeline and records what it returns.
     * The pipeline claims the target, verifies the restored table and disposes of what it claimed;
     * this step only keeps the catalog's record of the restore current.
     */
    private void restoreStep(Map<String, Object> p) throws Exception {
        String restoreId = (String) p.get("restoreId");
        String source = (String) p.get("source");
        String table = (String) p.get("table");
        String backupId = (String) p.get("backupId");
        String newTable = (String) p.get("newTable");
        boolean keepPartial = Boolean.parseBoolean((String) p.get("keepPartial"));
        catalog.restoreStarted(restoreId, source, table, Instant.now());
        RunningRestores.Run run = running.get(restoreId)
                .orElseGet(() -> running.start(catalog.restore(restoreId).orElseThrow()));
        RunningRestores.Listener toCatalog = new RunningRestores.Listener() {
            private int ticks;

            @Override
            public void progress(RunningRestores.Run r) {
                if (++ticks % 2 == 0) { // once a second is enough for readers in other replicas
                    recordProgress(r);
                }
            }
        };
        run.listen(toCatalog);
        boolean recorded = false;
        try {
            if (run.attach()) {
                throw new InterruptedException("cancelled before it started");
            }
            var policy = policy(source, table);
            BackupRepository repository = new BackupRepository(engines.store(policy.getValue().store()));
            BackupRef ref = backupId != null ? new BackupRef(source, table, BackupId.parse(backupId))
                    : repository.newest(source, table).orElseThrow(() -> new IllegalStateException(
                            "no committed backup of table '" + table + "' from source '" + source + "' in store "
                                    + repository.store().name()));
            TableSink sink;
            Target target;
            if (newTable != null) {
                sink = engines.recoverySink(source);
                target = new Target.NewTable(newTable, engines.ledger(), keepPartial);
            } else {
                sink = engines.sandboxFor(source).orElseThrow(() -> new IllegalStateException(
                        "rehearsal.sandbox is not configured for source '" + source + "'; restores go into a sandbox"));
                target = new Target.Sandbox(engines.guardFor(source).orElseThrow(), table, true);
            }
            run.resolved(ref.id().value(), target.name(restoreId));
            VerifiedRestoreResult r = pipeline.run(VerifiedRestoreRequest.of(restoreId, repository, ref, sink, target)
                    .withProgress(run.progress())
                    .withWorkers(jobs.restoreWorkers(source, newTable != null, policy.getValue().store())));
            recordProgress(run);
            String error = r.verified() ? null : String.join("; ", r.errors()) + "; " + r.disposal();
            catalog.restoreFinished(restoreId, r.verified() ? RestoreStatus.SUCCEEDED : RestoreStatus.FAILED,
                    r.recoveryTime() == null ? null : r.recoveryTime().toMillis(), error, r.partialTable(), Instant.now());
            recorded = true;
            log.info("Restore {} of {}/{} into {} '{}': {}", restoreId, source, table,
                    newTable == null ? "sandbox" : "new table", target.name(restoreId), r.verified() ? "verified in "
                            + r.recoveryTime().toMillis() + " ms" : "FAILED: " + error);
            if (!r.verified()) {
                throw new IllegalStateException("restore " + restoreId + " failed: " + error);
            }
        } catch (VerifiedRestore.Cancelled c) {
            recordProgress(run);
            catalog.restoreFinished(restoreId, RestoreStatus.CANCELLED, null, c.getMessage(), c.result().partialTable(),
                    Instant.now());
            throw c;
        } catch (Exception e) {
            if (recorded) {
                throw e;
            }
            boolean cancelled = Thread.interrupted() | e instanceof InterruptedException;
            catalog.restoreFinished(restoreId, cancelled ? RestoreStatus.CANCELLED : RestoreStatus.FAILED, null,
                    cancelled ? "cancelled; no table was created" : e.getMessage(), null, Instant.now());
            throw e;
        } finally {
            run.unlisten(toCatalog);
            run.detach(); // a cancel is handled; it must not reach the job repository's writes
            running.finished(restoreId);
        }
    }

    private void recordProgress(RunningRestores.Run run) {
        RestoreRecord r = run.live();
        catalog.restoreProgress(r.restoreId(), r.backupId(), r.target(), r.items(), r.totalItems(), r.percent(),
                r.etaSeconds(), r.itemsPerSecond() == null ? 0 : r.itemsPerSecond(), r.phase());
    }

    private Map.Entry<String, RehearsalProperties.Policy> policy(String source, String table) {
        return engines.policyFor(source, table).map(e -> Map.entry(e.getValue().store(), e.getValue()))
                .orElseThrow(() -> new IllegalStateException("no policy covers table '" + table + "' of source '" + source + "'"));
    }

}
