package dev.rehearsal.drill.verify;

import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.format.ContentDigest;
import dev.rehearsal.drill.restore.Workers;
import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.store.BackupRepository;
import dev.rehearsal.drill.sink.ItemCodec;
import dev.rehearsal.drill.sink.RestoredTableReader;
import java.util.List;

/**
 * What the verifiers share: the backup, the restored table, the sampled lines, and the restored
 * table's digest, computed by one parallel scan the first time a verifier asks for it.
 */
public final class VerificationContext {

    private final BackupRepository repository;
    private final BackupRef backup;
    private final Manifest manifest;
    private final RestoredTableReader sink;
    private final String target;
    private final List<byte[]> samples;
    private final ItemCodec codec;
    private final Workers workers;
    private ContentDigest restoredDigest;

    public VerificationContext(BackupRepository repository, BackupRef backup, Manifest manifest, RestoredTableReader sink,
            String target, List<byte[]> samples) {
        this(repository, backup, manifest, sink, target, samples, Workers.IN_PROCESS);
    }

    /** @param workers where the restored table's digest scan runs */
    public VerificationContext(BackupRepository repository, BackupRef backup, Manifest manifest, RestoredTableReader sink,
            String target, List<byte[]> samples, Workers workers) {
        this.workers = workers;
        this.repository = repository;
        this.backup = backup;
        this.manifest = manifest;
        this.sink = sink;
        this.target = target;
        this.samples = List.copyOf(samples);
        this.codec = sink.codec(manifest.table().schema());
    }

    public BackupRepository repository() {
        return repository;
    }

    public BackupRef backup() {
        return backup;
    }

    public Manifest manifest() {
        return manifest;
    }

    public RestoredTableReader sink() {
        return sink;
    }

    public String target() {
        return target;
    }

    public List<byte[]> samples() {
        return samples;
    }

    public ItemCodec codec() {
        return codec;
    }

    /** Segments for scans of the restored table: as many as the backup used, at least 4. */
    int scanSegments() {
        return Math.max(4, manifest.scan().segments());
    }

    /** The restored table's content digest (and so its item count), from a fresh parallel scan by the workers. */
    public synchronized ContentDigest restoredDigest() throws InterruptedException {
        if (restoredDigest == null) {
            restoredDigest = scanDigest();
        }
        return restoredDigest;
    }

    private ContentDigest scanDigest() throws InterruptedException {
        return workers.digest(sink, target, scanSegments());
    }
}
