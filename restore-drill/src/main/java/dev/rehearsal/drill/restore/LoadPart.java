package dev.rehearsal.drill.restore;

import dev.rehearsal.core.format.Manifest;
import java.util.List;

/**
 * A worker's part of a restore's data load: some of a backup's objects loaded into a table that
 * the restore created elsewhere, with the checks and the bounded concurrency of a whole load. The
 * claim, the table's creation, its finish and the verification stay with the pipeline
 * ({@code VerifiedRestore}) of the process that runs the restore.
 */
public final class LoadPart {

    private LoadPart() {
    }

    /**
     * What loading some of a backup's objects gave: up to the request's number of samples, chosen
     * at random from the {@code seen} lines loaded, so that the samples of parts can be merged fairly.
     */
    public record Loaded(List<byte[]> samples, long seen) {
    }

    /**
     * Loads these data objects of the backup into the request's target, which exists and which the
     * request's sink was {@linkplain dev.rehearsal.drill.sink.TableLoader#attach attached} to, every
     * object's checksum and lines checked as it is read; what is written goes to the request's progress.
     */
    public static Loaded load(RestoreRequest request, Manifest manifest, List<Manifest.DataObject> objects)
            throws Exception {
        return RestoreRunner.loadObjects(request, manifest, objects);
    }
}
