package dev.rehearsal.dashboard.jobs;

import dev.rehearsal.core.backup.BackupRequest;
import dev.rehearsal.core.backup.BackupResult;
import dev.rehearsal.core.backup.BackupRunner;
import dev.rehearsal.core.backup.PreparedBackup;
import dev.rehearsal.core.backup.SegmentResult;
import dev.rehearsal.core.format.ManifestCodec;
import dev.rehearsal.core.source.ReadLimit;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.TableDescription;
import dev.rehearsal.core.source.TableScan;
import dev.rehearsal.dashboard.cluster.RemotePartitions;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.engine.Engines;
import dev.rehearsal.dashboard.metrics.BackupMetrics;
import dev.rehearsal.drill.metrics.DrillMetrics;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The backup job of a table, as Spring Batch runs it; see {@link #build}. */
final class BackupJob {

    static final String NAME = "rehearsal-backup";
    /** Scan segments read at once, over every backup this process runs. */
    static final int SEGMENT_THREADS = 4;
    private static final String PREPARED = "rehearsal.prepared";
    private static final String RESULT = "rehearsal.segment-result";
    private static final JsonMapper JSON = ManifestCodec.mapper().rebuild().disable(SerializationFeature.INDENT_OUTPUT).build();

    private final Engines engines;
    private final Catalog catalog;
    private final BackupMetrics backupMetrics;
    private final DrillMetrics drillMetrics;
    private final Retention retention;
    private final ObservationRegistry observations;
    private final BackupRunner runner = new BackupRunner();
    private final RemotePartitions remote;
    private final Restarts restarts;
    private final JobRepository repository;
    private Step segment;
    private final Job job;

    /**
     * @param remote   remote partitioning, or null to read every segment in this process
     * @param restarts whether a failed execution will be restarted, in which case what it stored is kept
     */
    BackupJob(JobRepository repository, PlatformTransactionManager tx, JobExecutionListener tracking, Engines engines,
            Catalog catalog, BackupMetrics backupMetrics, DrillMetrics drillMetrics, Retention retention,
            ObservationRegistry observations, RemotePartitions remote, Restarts restarts) {
        this.engines = engines;
        this.catalog = catalog;
        this.backupMetrics = backupMetrics;
        this.drillMetrics = drillMetrics;
        this.retention = retention;
        this.observations = observations;
        this.remote = remote;
        this.restarts = restarts;
        this.repository = repository;
        this.job = build(repository, tx, tracking);
    }

    Job job() {
        return job;
    }

    /** The step one partition runs, as a worker finds it by its name. */
    Step segmentStep() {
        return segment;
    }

    /**
     * The backup job: {@code prepare} describes the table and names the backup; {@code segments}
     * reads each scan segment as a partition of its own (in this process, at most {@value
     * #SEGMENT_THREADS} at once over all backups; with remote partitioning, on the workers of every
     * replica), while this process holds the table's scan open, and with it the snapshot a
     * PostgreSQL backup reads in; {@code commit} writes the manifest from the partitions' results. A
     * failed job's objects are removed and never listed, unless it is to be restarted: a restart
     * runs only the partitions that did not complete, and commits from the results of all.
     */
    private Job build(JobRepository repository, PlatformTransactionManager tx, JobExecutionListener tracking) {
        ThreadPoolTaskExecutor partitions = new ThreadPoolTaskExecutor();
        partitions.setCorePoolSize(SEGMENT_THREADS);
        partitions.setThreadNamePrefix("rehearsal-segment-");
        partitions.initialize();
        ThreadLocal<Integer> segmentCount = new ThreadLocal<>();

        Step prepare = new StepBuilder("prepare", repository).observationRegistry(observations).tasklet((contribution, chunk) -> {
            Map<String, Object> p = chunk.getStepContext().getJobParameters();
            BackupRequest request = request((String) p.get("source"), (String) p.get("table"), 1);
            PreparedBackup prepared = runner.prepare(request);
            chunk.getStepContext().getStepExecution().getJobExecution().getExecutionContext()
                    .putString(PREPARED, JSON.writeValueAsString(prepared));
            return RepeatStatus.FINISHED;
        }, tx).build();

        this.segment = new StepBuilder("segment", repository).observationRegistry(observations).tasklet((contribution, chunk) -> {
            StepExecution step = chunk.getStepContext().getStepExecution();
            PreparedBackup prepared = prepared(step.getJobExecution());
            Map<String, Object> p = chunk.getStepContext().getJobParameters();
            BackupRequest request = request((String) p.get("source"), (String) p.get("table"), prepared.segments());
            SegmentResult result = runner.readSegment(request, prepared, step.getExecutionContext().getInt("segment"));
            step.getExecutionContext().putString(RESULT, JSON.writeValueAsString(result));
            return RepeatStatus.FINISHED;
        }, tx).build();

        ThreadLocal<TableScan> held = new ThreadLocal<>();
        var segmentsBuilder = new StepBuilder("segments", repository).observationRegistry(observations)
                .partitioner("segment", gridSize -> {
                    Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
                    for (int i = 0; i < segmentCount.get(); i++) {
                        ExecutionContext c = new ExecutionContext();
                        c.putInt("segment", i);
                        contexts.put("segment" + i, c);
                    }
                    return contexts;
                });
        TaskExecutorPartitionHandler here = new TaskExecutorPartitionHandler();
        here.setStep(segment);
        here.setTaskExecutor(partitions);
        PartitionHandler elsewhere = remote == null ? null : remote.handler("segment", 1);
        // An engine whose snapshot no other process can join (MySQL) reads its segments here even in a cluster.
        PartitionHandler handler = elsewhere == null ? here : (splitter, manager) -> {
            JobParameters p = manager.getJobParameters();
            boolean portable = request(p.getString("source"), p.getString("table"), 1).source().segmentsReadableElsewhere();
            return (portable ? elsewhere : here).handle(splitter, manager);
        };
        Step segments = segmentsBuilder.partitionHandler(handler)
                .listener(new StepExecutionListener() {
                    @Override
                    public void beforeStep(StepExecution step) {
                        // The partitioner runs next, in this thread: it splits by the prepared segment count.
                        PreparedBackup prepared = prepared(step.getJobExecution());
                        segmentCount.set(prepared.segments());
                        BackupRequest request = request(step.getJobParameters().getString("source"),
                                step.getJobParameters().getString("table"), prepared.segments());
                        held.set(request.source().openScan(new TableDescription(request.table(), prepared.schema(),
                                prepared.approximateItems(), 0), request.scan().withSegments(prepared.segments())));
                    }

                    @Override
                    public ExitStatus afterStep(StepExecution step) {
                        TableScan scan = held.get();
                        held.remove();
                        if (scan != null) {
                            scan.close();
                        }
                        return null;
                    }
                })
                .build();

        Step commit = new StepBuilder("commit", repository).observationRegistry(observations).tasklet((contribution, chunk) -> {
            JobExecution job = chunk.getStepContext().getStepExecution().getJobExecution();
            PreparedBackup prepared = prepared(job);
            Map<String, Object> p = chunk.getStepContext().getJobParameters();
            String source = (String) p.get("source");
            String table = (String) p.get("table");
            List<SegmentResult> results = new ArrayList<>();
            for (int i = 0; i < prepared.segments(); i++) {
                // The last execution of each partition in the job instance: a restart ran only some.
                StepExecution s = repository.getLastStepExecution(job.getJobInstance(), "segment:segment" + i);
                if (s != null && s.getStatus() == BatchStatus.COMPLETED && s.getExecutionContext().containsKey(RESULT)) {
                    results.add(JSON.readValue(s.getExecutionContext().getString(RESULT), SegmentResult.class));
                }
            }
            Duration took = Duration.between(prepared.startedAt(), Instant.now());
            BackupResult r = runner.commit(request(source, table, prepared.segments()), prepared, results, took);
            var policy = policy(source, table);
            catalog.backupCommitted(policy.getKey(), r, job.getId());
            backupMetrics.succeeded(r);
            drillMetrics.newestBackup(source, table, r.ref().id().time());
            retention.apply(source, table, policy.getValue(), new BackupRepository(engines.store(policy.getValue().store())));
            return RepeatStatus.FINISHED;
        }, tx).build();

        JobExecutionListener cleanUp = new JobExecutionListener() {
            @Override
            public void afterJob(JobExecution job) {
                if (job.getStatus() == BatchStatus.COMPLETED) {
                    return;
                }
                String source = job.getJobParameters().getString("source");
                String table = job.getJobParameters().getString("table");
                if (restarts.willRestart(job)) {
                    return; // what the completed partitions stored is kept for the restart to commit
                }
                backupMetrics.failed(source, table);
                if (job.getExecutionContext().containsKey(PREPARED)) {
                    PreparedBackup prepared = prepared(job);
                    runner.discard(request(source, table, prepared.segments()), prepared);
                }
            }
        };
        return new JobBuilder(NAME, repository).observationRegistry(observations).listener(tracking).listener(cleanUp)
                .start(prepare).next(segments).next(commit).build();
    }

    /**
     * The request of a table's backup under its policy. The read limit is shared by the
     * partitions that run at once, so each gets its part of it.
     */
    private BackupRequest request(String source, String table, int segments) {
        var policy = policy(source, table);
        double limit = policy.getValue().readLimit() / Math.max(1, Math.min(segments, SEGMENT_THREADS));
        return BackupRequest.of(engines.source(source), table, engines.store(policy.getValue().store()))
                .withScan(ScanOptions.defaults().withSegments(policy.getValue().segments())
                        .withReadLimit(ReadLimit.itemsPerSecond(limit)));
    }

    private Map.Entry<String, RehearsalProperties.Policy> policy(String source, String table) {
        return engines.policyFor(source, table).map(e -> Map.entry(e.getValue().store(), e.getValue()))
                .orElseThrow(() -> new IllegalStateException("no policy covers table '" + table + "' of source '" + source + "'"));
    }

    private static PreparedBackup prepared(JobExecution job) {
        return JSON.readValue(job.getExecutionContext().getString(PREPARED), PreparedBackup.class);
    }

}
