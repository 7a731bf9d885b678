package dev.rehearsal.drill.restore;

import dev.rehearsal.core.format.ContentDigest;
import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.drill.sink.RestoredTableReader;
import java.util.List;

/**
 * Where the heavy, parallel parts of a verified restore run: loading the backup's data objects into
 * the target, and the fresh scan of the restored table whose content digest verification compares.
 * {@link #IN_PROCESS} runs both on this process's threads; a daemon with remote partitioning hands
 * the objects and the scan segments to workers on every replica. Either way each object is checked
 * as it is read, and the digest is the sum of the parts' digests.
 */
public interface Workers {

    /** Both parts on this process's threads. */
    Workers IN_PROCESS = new Workers() {
        @Override
        public List<byte[]> load(RestoreRequest request, Manifest manifest) throws Exception {
            return RestoreRunner.loadObjects(request, manifest, manifest.objects()).samples();
        }

        @Override
        public ContentDigest digest(RestoredTableReader reader, String table, int segments) throws InterruptedException {
            return RestoredDigest.all(reader, table, segments);
        }
    };

    /**
     * Loads every data object the manifest lists into {@code request.target()}, which exists, and
     * reports what is written to {@code request.progress()}. Returns up to {@code request.samples()}
     * lines chosen at random from all loaded, for spot checks.
     */
    List<byte[]> load(RestoreRequest request, Manifest manifest) throws Exception;

    /** The content digest (and so the count) of a restored table, from a fresh scan in {@code segments} segments. */
    ContentDigest digest(RestoredTableReader reader, String table, int segments) throws InterruptedException;
}
