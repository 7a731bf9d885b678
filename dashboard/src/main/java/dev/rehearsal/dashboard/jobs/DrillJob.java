package dev.rehearsal.dashboard.jobs;

import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.engine.Engines;
import dev.rehearsal.drill.drill.DrillResult;
import dev.rehearsal.drill.drill.DrillRunner;
import dev.rehearsal.drill.drill.Outcome;
import dev.rehearsal.drill.metrics.DrillMetrics;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The drill job of a table: one step that runs {@link DrillRunner} (which restores through the one
 * pipeline) and stores and counts its result. The job's exit status is the drill's outcome.
 */
final class DrillJob {

    static final String NAME = "rehearsal-drill";
    private static final Logger log = LoggerFactory.getLogger(DrillJob.class);

    private final Engines engines;
    private final Catalog catalog;
    private final DrillMetrics drillMetrics;
    private final RehearsalJobs jobs;
    private final Job job;

    DrillJob(JobRepository repository, PlatformTransactionManager tx, JobExecutionListener tracking, Engines engines,
            Catalog catalog, DrillMetrics drillMetrics, ObservationRegistry observations, RehearsalJobs jobs) {
        this.jobs = jobs;
        this.engines = engines;
        this.catalog = catalog;
        this.drillMetrics = drillMetrics;
        this.job = new JobBuilder(NAME, repository).observationRegistry(observations)
                .listener(tracking)
                .start(new StepBuilder("drill", repository).observationRegistry(observations).tasklet((contribution, chunk) -> {
                    Map<String, Object> p = chunk.getStepContext().getJobParameters();
                    DrillResult r = runDrill((String) p.get("source"), (String) p.get("table"), (String) p.get("drillId"),
                            (String) p.get("backupId"));
                    contribution.setExitStatus(new ExitStatus(r.outcome().name(), String.join("; ", r.errors())));
                    return RepeatStatus.FINISHED;
                }, tx).build())
                .build();
    }

    Job job() {
        return job;
    }

    private DrillResult runDrill(String source, String table, String drillId, String backupId)
            throws InterruptedException {
        DrillRunner runner = drillId == null ? new DrillRunner() : DrillRunner.withDrillId(drillId);
        DrillResult r = runner.run(jobs.drillRequest(source, table, backupId));
        catalog.drillFinished(r);
        drillMetrics.drillFinished(r);
        if (r.outcome() == Outcome.ERROR) {
            log.warn("Drill {} of {}/{} could not reach a verdict", r.drillId(), source, table);
        }
        return r;
    }
}
