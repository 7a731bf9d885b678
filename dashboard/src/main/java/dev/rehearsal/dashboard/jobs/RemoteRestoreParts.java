package dev.rehearsal.dashboard.jobs;

import dev.rehearsal.core.BackupId;
import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.format.ContentDigest;
import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.dashboard.cluster.RemotePartitions;
import dev.rehearsal.dashboard.engine.Engines;
import dev.rehearsal.drill.restore.LoadPart;
import dev.rehearsal.drill.restore.RestoreProgress;
import dev.rehearsal.drill.restore.RestoreRequest;
import dev.rehearsal.drill.restore.RestoredDigest;
import dev.rehearsal.drill.restore.Workers;
import dev.rehearsal.drill.sink.RestoredTableReader;
import dev.rehearsal.drill.sink.TableSink;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * With remote partitioning, the two parallel parts of a restore as Spring Batch jobs whose
 * partitions run on the workers of every replica: {@value #LOAD_JOB} loads the backup's data
 * objects, one partition per object, and {@value #SCAN_JOB} digests a fresh scan of the restored
 * table, one partition per segment. A restore (or drill) launches them from its own step, through
 * the {@link Workers} this class gives it, and waits. A load partition writes into the table the
 * restore created; one lost with its worker is loaded again by a restart of the load when the
 * engine's writes are idempotent (DynamoDB's puts by key), and otherwise fails the restore, which
 * disposes of the table as any failed restore does (PostgreSQL's COPY would add the rows twice). A
 * scan reads only, so a scan that lost a worker is restarted, running only the segments that did
 * not complete. Both
 * jobs keep the heartbeat of the process that launched them, so that other replicas tell them
 * from jobs whose process died.
 */
final class RemoteRestoreParts {

    static final String LOAD_JOB = "rehearsal-restore-load";
    static final String SCAN_JOB = "rehearsal-verify-scan";
    private static final String LOADED = "rehearsal.loaded";
    private static final String DIGEST = "rehearsal.digest";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Engines engines;
    private final RemotePartitions remote;
    private final JobRepository repository;
    private final JobOperator operator;
    private final Restarts restarts;
    private final Step loadObject;
    private final Step scanSegment;
    private final Job loadJob;
    private final Job scanJob;
    private final ExecutorService launcher = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rehearsal-part-job");
        t.setDaemon(true);
        return t;
    });

    RemoteRestoreParts(JobRepository repository, JobOperator operator, PlatformTransactionManager tx, Engines engines,
            RemotePartitions remote, Restarts restarts, ObservationRegistry observations, JobExecutionListener tracking) {
        this.engines = engines;
        this.remote = remote;
        this.repository = repository;
        this.operator = operator;
        this.restarts = restarts;
        this.loadObject = new StepBuilder("load-object", repository).observationRegistry(observations)
                .tasklet((contribution, chunk) -> {
                    loadObject(chunk.getStepContext().getStepExecution());
                    return RepeatStatus.FINISHED;
                }, tx).build();
        this.scanSegment = new StepBuilder("scan-segment", repository).observationRegistry(observations)
                .tasklet((contribution, chunk) -> {
                    scanSegment(chunk.getStepContext().getStepExecution());
                    return RepeatStatus.FINISHED;
                }, tx).build();
        this.loadJob = new JobBuilder(LOAD_JOB, repository).observationRegistry(observations).listener(tracking)
                .start(partitioned(new StepBuilder("load-objects", repository).observationRegistry(observations),
                        "load-object", "object"))
                .build();
        this.scanJob = new JobBuilder(SCAN_JOB, repository).observationRegistry(observations).listener(tracking)
                .start(partitioned(new StepBuilder("scan-segments", repository).observationRegistry(observations),
                        "scan-segment", "segment"))
                .build();
    }

    /** The worker steps, by name. */
    Map<String, Step> steps() {
        return Map.of(loadObject.getName(), loadObject, scanSegment.getName(), scanSegment);
    }

    /**
     * Where a restore's parts run: on the workers, which find the sink from the source's name
     * ({@code recovery}: the source's own endpoint; otherwise the sandbox) and the backup in {@code store}.
     */
    Workers workers(String source, boolean recovery, String store) {
        String sink = recovery ? "recovery" : "sandbox";
        return new Workers() {
            @Override
            public List<byte[]> load(RestoreRequest request, Manifest manifest) throws Exception {
                if (manifest.objects().isEmpty()) {
                    return List.of();
                }
                String run = UUID.randomUUID().toString();
                AtomicLongArray reported = new AtomicLongArray(2);
                RestoreProgress progress = request.progress();
                remote.listen(run, (items, bytes) -> report(progress, reported, items, bytes));
                JobExecution e;
                JobParameters params = new JobParametersBuilder()
                            .addString("part-run", run)
                            .addString("source", source, false)
                            .addString("sink", sink, false)
                            .addString("store", store, false)
                            .addString("backupSource", request.backup().source(), false)
                            .addString("backupTable", request.backup().table(), false)
                            .addString("backupId", request.backup().id().value(), false)
                            .addString("target", request.target(), false)
                            .addLong("samples", (long) request.samples(), false)
                            .addLong("parts", (long) manifest.objects().size(), false)
                            .toJobParameters();
                try {
                    e = launch(loadJob, params);
                    // Objects a dead worker was loading are loaded again only where writing twice is harmless.
                    while (request.sink().rewritesIdempotently() && restarts.willRestart(e)) {
                        e = launch(loadJob, params);
                    }
                } finally {
                    remote.unlisten(run);
                }
                List<StepExecution> parts = lastParts(e, "load-object");
                long items = 0;
                long bytes = 0;
                for (StepExecution s : parts) {
                    if (s.getExecutionContext().containsKey(LOADED)) {
                        JsonNode l = JSON.readTree(s.getExecutionContext().getString(LOADED));
                        items += l.get("items").asLong();
                        bytes += l.get("bytes").asLong();
                    }
                }
                report(progress, reported, items, bytes);
                if (e.getStatus() != BatchStatus.COMPLETED) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException("cancelled while workers loaded the data objects");
                    }
                    throw new IOException("loading the data objects of backup " + request.backup() + " on the workers"
                            + " failed: " + failures(e, parts));
                }
                return merge(parts, request.samples());
            }

            @Override
            public ContentDigest digest(RestoredTableReader reader, String table, int segments)
                    throws InterruptedException {
                JobParameters params = new JobParametersBuilder()
                        .addString("part-run", UUID.randomUUID().toString())
                        .addString("source", source, false)
                        .addString("sink", sink, false)
                        .addString("target", table, false)
                        .addLong("parts", (long) segments, false)
                        .toJobParameters();
                JobExecution e = launch(scanJob, params);
                while (restarts.willRestart(e)) {
                    e = launch(scanJob, params);
                }
                if (e.getStatus() != BatchStatus.COMPLETED) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException("cancelled while workers scanned the restored table");
                    }
                    throw new IllegalStateException("the scan of restored table '" + table + "' on the workers failed: "
                            + failures(e, lastParts(e, "scan-segment")));
                }
                ContentDigest.Accumulator total = new ContentDigest.Accumulator();
                for (StepExecution s : lastParts(e, "scan-segment")) {
                    total.merge(JSON.readValue(s.getExecutionContext().getString(DIGEST), ContentDigest.class));
                }
                return total.digest();
            }
        };
    }

    /**
     * Runs a part job to its end in a thread of its own: the restore's step that asks for it holds a
     * transaction (a resourceless one), inside which the job repository refuses to start a job. A
     * cancel of the restore interrupts the part job's manager, whose job then fails, and with it
     * every partition still running on a worker.
     */
    private JobExecution launch(Job job, JobParameters params) throws InterruptedException {
        Future<JobExecution> run = launcher.submit(() -> operator.start(job, params));
        try {
            return run.get();
        } catch (InterruptedException e) {
            run.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException(job.getName() + " could not start on the workers: " + cause.getMessage(),
                    cause);
        }
    }

    private void loadObject(StepExecution step) throws Exception {
        JobParameters p = step.getJobParameters();
        TableSink sink = sink(p.getString("source"), p.getString("sink"));
        BackupRepository backups = new BackupRepository(engines.store(p.getString("store")));
        BackupRef ref = new BackupRef(p.getString("backupSource"), p.getString("backupTable"),
                BackupId.parse(p.getString("backupId")));
        Manifest manifest = backups.manifest(ref);
        String target = p.getString("target");
        Manifest.DataObject object = manifest.objects().get(step.getExecutionContext().getInt("object"));
        sink.attach(target, manifest.table().schema());
        try {
            RestoreProgress progress = remote.progress().track(step.getId());
            LoadPart.Loaded loaded = LoadPart.load(RestoreRequest.of(backups, ref, sink, target)
                    .withSamples(p.getLong("samples").intValue()).withProgress(progress), manifest, List.of(object));
            ObjectNode out = JSON.createObjectNode().put("seen", loaded.seen())
                    .put("items", progress.snapshot().items()).put("bytes", progress.snapshot().bytes());
            var samples = out.putArray("samples");
            loaded.samples().forEach(line -> samples.add(Base64.getEncoder().encodeToString(line)));
            step.getExecutionContext().putString(LOADED, out.toString());
        } finally {
            sink.detach(target);
        }
    }

    private void scanSegment(StepExecution step) throws Exception {
        JobParameters p = step.getJobParameters();
        TableSink sink = sink(p.getString("source"), p.getString("sink"));
        ContentDigest digest = RestoredDigest.segment(sink, p.getString("target"), p.getLong("parts").intValue(),
                step.getExecutionContext().getInt("segment")).digest();
        step.getExecutionContext().putString(DIGEST, JSON.writeValueAsString(digest));
    }

    private TableSink sink(String source, String kind) {
        if (kind.equals("recovery")) {
            return engines.recoverySink(source);
        }
        return engines.sandboxFor(source).orElseThrow(() -> new IllegalStateException(
                "rehearsal.sandbox is not configured for source '" + source + "' in this replica"));
    }

    /**
     * A manager step with one partition of {@code worker} per object or segment ({@code key}), as
     * many as the job parameter {@code parts} says, each run on the workers.
     */
    private Step partitioned(StepBuilder builder, String worker, String key) {
        ThreadLocal<Integer> count = new ThreadLocal<>();
        return builder.partitioner(worker, grid -> {
                    Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
                    for (int i = 0; i < count.get(); i++) {
                        ExecutionContext c = new ExecutionContext();
                        c.putInt(key, i);
                        contexts.put(worker + i, c);
                    }
                    return contexts;
                })
                .partitionHandler(remote.handler(worker, 1))
                .listener(new StepExecutionListener() {
                    @Override
                    public void beforeStep(StepExecution step) {
                        // The partitioner runs next, in this thread.
                        count.set(step.getJobParameters().getLong("parts").intValue());
                    }
                })
                .build();
    }

    /** The last execution of every partition of {@code step} in the job instance: a restart ran only some. */
    private List<StepExecution> lastParts(JobExecution e, String step) {
        int n = e.getJobParameters().getLong("parts").intValue();
        List<StepExecution> last = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StepExecution s = repository.getLastStepExecution(e.getJobInstance(), step + ":" + step + i);
            if (s != null) {
                last.add(s);
            }
        }
        return last;
    }

    private static String failures(JobExecution e, List<StepExecution> parts) {
        List<String> why = new ArrayList<>();
        for (StepExecution s : parts) {
            if (s.getStatus() != BatchStatus.COMPLETED && !s.getExitStatus().getExitDescription().isBlank()) {
                why.add(s.getStepName() + ": " + firstLine(s.getExitStatus().getExitDescription()));
            }
        }
        if (why.isEmpty()) {
            e.getAllFailureExceptions().forEach(t -> why.add(String.valueOf(t.getMessage())));
        }
        return why.isEmpty() ? e.getExitStatus().getExitCode() : String.join("; ", why.subList(0, Math.min(3, why.size())));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Reports what the workers wrote since the last report. */
    private static synchronized void report(RestoreProgress progress, AtomicLongArray reported, long items, long bytes) {
        long dItems = items - reported.get(0);
        long dBytes = bytes - reported.get(1);
        if (dItems > 0 || dBytes > 0) {
            progress.written(Math.max(0, dItems), Math.max(0, dBytes));
            reported.set(0, Math.max(items, reported.get(0)));
            reported.set(1, Math.max(bytes, reported.get(1)));
        }
    }

    /** Up to {@code k} of the parts' samples, each part weighted by the lines it loaded, as one sample of all would be. */
    private static List<byte[]> merge(List<StepExecution> parts, int k) {
        List<byte[]> lines = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (StepExecution s : parts) {
            if (!s.getExecutionContext().containsKey(LOADED)) {
                continue;
            }
            JsonNode l = JSON.readTree(s.getExecutionContext().getString(LOADED));
            JsonNode samples = l.get("samples");
            for (JsonNode line : samples) {
                lines.add(Base64.getDecoder().decode(line.asString()));
                weights.add(l.get("seen").asDouble() / samples.size());
            }
        }
        // Weighted sampling without replacement (Efraimidis-Spirakis): keep the k largest u^(1/w).
        Random random = new Random();
        Map<Integer, Double> keys = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            keys.put(i, Math.pow(random.nextDouble(), 1.0 / weights.get(i)));
        }
        return keys.entrySet().stream().sorted(Map.Entry.<Integer, Double>comparingByValue().reversed()).limit(k)
                .map(en -> lines.get(en.getKey())).toList();
    }
}
