package dev.rehearsal.drill.restore;

import dev.rehearsal.core.format.DataObjectReader;
import dev.rehearsal.core.format.FormatException;
import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.core.store.StoreLayout;
import dev.rehearsal.core.store.StoredObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a committed backup into a new table. Memory is bounded: at most {@code readers} objects
 * are open, and at most {@code 2 x writers} batches wait between readers and writers.
 */
public final class RestoreRunner {

    private static final Logger log = LoggerFactory.getLogger(RestoreRunner.class);

    public RestoreResult run(RestoreRequest request) throws RestoreFailedException, InterruptedException {
        Map<Phase, Duration> phases = new EnumMap<>(Phase.class);
        RestoreProgress progress = request.progress();
        String what = "restore of backup " + request.backup() + " from store " + request.repository().store().name()
                + " into table '" + request.target() + "' (" + request.sink().info().kind() + " at "
                + request.sink().info().endpoint() + ")";
        Phase phase = Phase.INTEGRITY_CHECK;
        boolean created = false;
        long started = System.nanoTime();
        try {
            progress.phase(phase);
            Manifest manifest = request.repository().manifest(request.backup());
            if (!request.sink().restores(manifest.source().kind(), manifest.formatVersion())) {
                throw new IncompatibleBackupException("backup " + request.backup() + " holds a '" + manifest.source().kind()
                        + "' table in format version " + manifest.formatVersion() + "; the '" + request.sink().info().kind()
                        + "' engine at " + request.sink().info().endpoint() + " does not restore it");
            }
            checkObjectsPresent(request, manifest);
            progress.totals(manifest.totals().items(), manifest.totals().uncompressedBytes());
            started = lap(phases, phase, started);

            phase = Phase.TABLE_CREATE;
            progress.phase(phase);
            request.sink().create(request.target(), manifest.table().schema(), request.tags(), request.onDemand());
            created = true;
            started = lap(phases, phase, started);

            phase = Phase.DATA_LOAD;
            progress.phase(phase);
            List<byte[]> samples = request.workers().load(request, manifest);
            started = lap(phases, phase, started);

            phase = Phase.INDEX_BUILD;
            progress.phase(phase);
            List<String> warnings = request.sink().finish(request.target(), manifest.table().schema());
            lap(phases, phase, started);

            RestoreProgress.Snapshot done = progress.snapshot();
            log.info("Restore of {} into '{}' done: {} items in {} ms", request.backup(), request.target(), done.items(),
                    phases.values().stream().mapToLong(Duration::toMillis).sum());
            return new RestoreResult(request.backup(), manifest, request.target(), phases, done.items(), done.bytes(),
                    samples, warnings);
        } catch (InterruptedException e) {
            lap(phases, phase, started);
            log.warn("Restore of {} into '{}' cancelled during {}", request.backup(), request.target(), phase.label());
            throw e;
        } catch (Exception e) {
            lap(phases, phase, started);
            if (Thread.interrupted() || Cancels.causedByInterrupt(e)) {
                // A cancel that reached a client call: the SDK reports it as its own exception, not as an
                // InterruptedException. It is a cancel all the same, not a failure of the backup or the target.
                log.warn("Restore of {} into '{}' cancelled during {}", request.backup(), request.target(), phase.label());
                InterruptedException cancelled = new InterruptedException("cancelled during " + phase.label());
                cancelled.initCause(e);
                throw cancelled;
            }
            boolean damaged = e instanceof FormatException || e instanceof DamagedBackupException;
            String reason = damaged ? "the backup is damaged: " + e.getMessage() : e.getMessage();
            log.warn("Restore of {} into '{}' failed during {}: {}", request.backup(), request.target(), phase.label(), reason);
            throw new RestoreFailedException(what + " failed during " + phase.label() + ": " + reason, e, phase, damaged,
                    created, phases);
        }
    }

    /** Every object the manifest lists is in the store at its recorded size; catches missing and truncated objects before anything is created. */
    private static void checkObjectsPresent(RestoreRequest request, Manifest manifest) throws IOException {
        BackupStore store = request.repository().store();
        Map<String, Long> sizes = new java.util.HashMap<>();
        for (StoredObject o : store.list(StoreLayout.dataPrefix(request.backup()))) {
            sizes.put(o.key(), o.size());
        }
        for (Manifest.DataObject o : manifest.objects()) {
            String key = StoreLayout.objectKey(request.backup(), o.name());
            Long size = sizes.get(key);
            if (size == null) {
                throw new DamagedBackupException("data object " + store.name() + "/" + key + " is missing");
            }
            if (size != o.bytes()) {
                throw new DamagedBackupException("data object " + store.name() + "/" + key + " is " + size
                        + " bytes, the manifest says " + o.bytes() + (size < o.bytes() ? " (truncated)" : ""));
            }
        }
    }

    static LoadPart.Loaded loadObjects(RestoreRequest request, Manifest manifest, List<Manifest.DataObject> objects)
            throws Exception {
        Sampler sampler = new Sampler(request.samples());
        load(request, manifest, objects, sampler);
        return new LoadPart.Loaded(sampler.samples(), sampler.seen());
    }

    private static void load(RestoreRequest request, Manifest manifest, List<Manifest.DataObject> objects,
            Sampler sampler) throws Exception {
        if (objects.isEmpty()) {
            return;
        }
        int readerCount = Math.max(1, Math.min(request.readers(), objects.size()));
        // Writers beyond what the sink serves at once would each hold a batch and wait.
        int writerCount = Math.max(1, Math.min(request.writers(), request.sink().concurrentWrites()));
        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(writerCount * 2);
        AtomicInteger nextObject = new AtomicInteger();
        ExecutorService readers = Executors.newFixedThreadPool(readerCount, named("rehearsal-restore-read"));
        ExecutorService writers = Executors.newFixedThreadPool(writerCount, named("rehearsal-restore-write"));
        // The first failure on either side stops both sides: blocked puts and takes are interrupted.
        AtomicReference<Exception> failure = new AtomicReference<>();
        java.util.function.Consumer<Throwable> abort = e -> {
            if (failure.compareAndSet(null, e instanceof Exception ex ? ex : new RuntimeException(e))) {
                readers.shutdownNow();
                writers.shutdownNow();
            }
        };
        try {
            List<Future<?>> writeTasks = submit(writers, writerCount, guarded(abort, () -> {
                Batch batch;
                while ((batch = queue.take()) != Batch.END) {
                    write(request, batch);
                }
            }));
            List<Future<?>> readTasks = submit(readers, readerCount, guarded(abort, () -> {
                int i;
                while ((i = nextObject.getAndIncrement()) < objects.size() && failure.get() == null) {
                    readObject(request, manifest, objects.get(i), queue, sampler);
                }
            }));
            awaitAll(readTasks);
            for (int w = 0; w < writerCount && failure.get() == null; ) {
                if (queue.offer(Batch.END, 100, TimeUnit.MILLISECONDS)) {
                    w++;
                }
            }
            awaitAll(writeTasks);
            if (failure.get() != null) {
                throw failure.get();
            }
        } finally {
            readers.shutdownNow();
            writers.shutdownNow();
            readers.awaitTermination(1, TimeUnit.MINUTES);
            writers.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    /** Starts {@code count} copies of a task; stops early, without error, if a failure already shut the pool down. */
    private static List<Future<?>> submit(ExecutorService pool, int count, java.util.concurrent.Callable<Void> task) {
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(task));
            }
        } catch (java.util.concurrent.RejectedExecutionException alreadyFailed) {
            // The failure that shut the pool down is rethrown once every started task has stopped.
        }
        return futures;
    }

    /** A task body that reports its failure through {@code abort}; an interrupt caused by another task's failure is not one. */
    private static java.util.concurrent.Callable<Void> guarded(java.util.function.Consumer<Throwable> abort, Body body) {
        return () -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                // Stopped because another task failed, or because the restore was cancelled.
                abort.accept(e);
            } catch (Exception | Error e) {
                abort.accept(e);
            }
            return null;
        };
    }

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    private static void readObject(RestoreRequest request, Manifest manifest, Manifest.DataObject object,
            BlockingQueue<Batch> queue, Sampler sampler) throws IOException, InterruptedException {
        int max = request.sink().maxBatch();
        String name = request.repository().store().name() + "/" + StoreLayout.objectKey(request.backup(), object.name());
        try (DataObjectReader reader = request.repository().read(request.backup(), manifest, object)) {
            List<byte[]> lines = new ArrayList<>(max);
            long bytes = 0;
            byte[] line;
            while ((line = reader.next()) != null) {
                lines.add(line);
                bytes += line.length + 1;
                sampler.offer(line);
                if (lines.size() == max) {
                    queue.put(new Batch(name, lines, bytes));
                    lines = new ArrayList<>(max);
                    bytes = 0;
                }
            }
            if (!lines.isEmpty()) {
                queue.put(new Batch(name, lines, bytes));
            }
        }
    }

    private static void write(RestoreRequest request, Batch batch) throws IOException, InterruptedException {
        try {
            request.sink().write(request.target(), batch.lines);
        } catch (dev.rehearsal.drill.sink.UndecodableLineException e) {
            throw new DamagedBackupException("data object " + batch.object + " holds an item that cannot be decoded: "
                    + e.getMessage());
        }
        request.progress().written(batch.lines.size(), batch.bytes);
    }

    private static void awaitAll(List<Future<?>> tasks) throws InterruptedException {
        for (Future<?> f : tasks) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                // Tasks report failures through abort; nothing escapes a guarded body.
            }
        }
    }

    private static long lap(Map<Phase, Duration> phases, Phase phase, long since) {
        long now = System.nanoTime();
        phases.merge(phase, Duration.ofNanos(now - since), Duration::plus);
        return now;
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }

    private record Batch(String object, List<byte[]> lines, long bytes) {
        static final Batch END = new Batch("", List.of(), 0);
    }

    /** A sound backup that the chosen engine does not restore (another engine's, or a format version it does not read). */
    static final class IncompatibleBackupException extends IOException {
        IncompatibleBackupException(String message) {
            super(message);
        }
    }

    /** The backup's own bytes are wrong: a missing or truncated object, or an undecodable item. */
    static final class DamagedBackupException extends IOException {
        DamagedBackupException(String message) {
            super(message);
        }
    }

    /** Reservoir sampling: keeps {@code k} lines chosen uniformly from all offered, in bounded memory. */
    static final class Sampler {
        private final int k;
        private final List<byte[]> kept = new ArrayList<>();
        private final Random random = new Random();
        private long seen;

        Sampler(int k) {
            this.k = k;
        }

        synchronized void offer(byte[] line) {
            seen++;
            if (kept.size() < k) {
                kept.add(line);
            } else if (k > 0) {
                long j = (long) (random.nextDouble() * seen);
                if (j < k) {
                    kept.set((int) j, line);
                }
            }
        }

        synchronized List<byte[]> samples() {
            return List.copyOf(kept);
        }

        synchronized long seen() {
            return seen;
        }
    }
}
