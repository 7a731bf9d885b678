package dev.rehearsal.core.store;

import dev.rehearsal.core.BackupId;
import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.format.Compression;
import dev.rehearsal.core.format.DataObjectReader;
import dev.rehearsal.core.format.FormatException;
import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.format.ManifestCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Backups as the rest of Rehearsal sees them, on top of a {@link BackupStore}: a backup is
 * committed exactly when its manifest exists. This class owns the two writes that change that
 * (commit, and the guarded retention delete) and the clean-up of attempts that never committed.
 */
public final class BackupRepository {

    private final BackupStore store;

    public BackupRepository(BackupStore store) {
        this.store = store;
    }

    public BackupStore store() {
        return store;
    }

    /** Committed backups of a table, oldest first. Folders without a manifest are not listed. */
    public List<BackupRef> committed(String source, String table) throws IOException {
        String prefix = StoreLayout.tablePrefix(source, table);
        List<BackupRef> refs = new ArrayList<>();
        for (StoredObject o : store.list(prefix)) {
            StoreLayout.backupIdOfManifest(prefix, o.key()).ifPresent(id -> refs.add(new BackupRef(source, table, id)));
        }
        refs.sort((a, b) -> a.id().compareTo(b.id()));
        return refs;
    }

    public Optional<BackupRef> newest(String source, String table) throws IOException {
        List<BackupRef> all = committed(source, table);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Backup folders of a table that hold objects but no manifest: interrupted or failed attempts. */
    public List<BackupRef> incomplete(String source, String table) throws IOException {
        String prefix = StoreLayout.tablePrefix(source, table);
        TreeSet<BackupId> seen = new TreeSet<>();
        TreeSet<BackupId> committed = new TreeSet<>();
        for (StoredObject o : store.list(prefix)) {
            String rest = o.key().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && BackupId.isValid(rest.substring(0, slash))) {
                BackupId id = BackupId.parse(rest.substring(0, slash));
                seen.add(id);
                if (rest.substring(slash + 1).equals(StoreLayout.MANIFEST)) {
                    committed.add(id);
                }
            }
        }
        seen.removeAll(committed);
        return seen.stream().map(id -> new BackupRef(source, table, id)).toList();
    }

    public Manifest manifest(BackupRef ref) throws IOException {
        String key = StoreLayout.manifestKey(ref);
        Manifest manifest;
        try (InputStream in = store.open(key)) {
            manifest = ManifestCodec.read(in, store.name() + "/" + key);
        }
        if (!manifest.backupId().equals(ref.id().value())) {
            throw new FormatException("manifest " + store.name() + "/" + key + " names backup " + manifest.backupId()
                    + ", not the folder's " + ref.id());
        }
        return manifest;
    }

    /** Opens a data object and checks it against its manifest entry as it is read. */
    public DataObjectReader read(BackupRef ref, Manifest manifest, Manifest.DataObject object) throws IOException {
        String key = StoreLayout.objectKey(ref, object.name());
        return new DataObjectReader(store.open(key), object, Compression.of(manifest.compression()),
                store.name() + "/" + key);
    }

    /**
     * Writes the manifest, which commits the backup. Call only after every data object it lists is
     * durably stored. A backup is committed once: an existing manifest is never replaced.
     */
    public void commit(BackupRef ref, Manifest manifest) throws IOException {
        String key = StoreLayout.manifestKey(ref);
        StoreOutput out;
        try {
            out = store.create(key);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("backup " + ref + " is already committed in store " + store.name()
                    + "; a committed backup is never modified", e);
        }
        try (OutputStream o = out) {
            o.write(ManifestCodec.write(manifest));
        } catch (IOException | RuntimeException e) {
            out.abort();
            throw e;
        }
    }

    /**
     * Removes what an attempt that never committed left behind. Refuses a committed backup, which
     * only {@link #deleteExpired} may remove.
     */
    public void discardIncomplete(BackupRef ref) throws IOException {
        if (exists(StoreLayout.manifestKey(ref))) {
            throw new IOException("refusing to discard backup " + ref + " in store " + store.name()
                    + ": it is committed");
        }
        for (StoredObject o : store.list(StoreLayout.backupPrefix(ref))) {
            store.delete(o.key());
        }
        store.removeAbandonedUploads(StoreLayout.backupPrefix(ref));
    }

    /**
     * Removes everything that attempts of a table which never committed left behind, including
     * uploads a killed writer never finished. Call only when no backup of the table is running.
     */
    public List<BackupRef> discardAllIncomplete(String source, String table) throws IOException {
        List<BackupRef> discarded = incomplete(source, table);
        for (BackupRef ref : discarded) {
            discardIncomplete(ref);
        }
        store.removeAbandonedUploads(StoreLayout.tablePrefix(source, table));
        return discarded;
    }

    /**
     * Deletes a committed backup that retention no longer keeps. The newest committed backup of a
     * table is never deleted. The manifest goes first, so a backup half-way through deletion is
     * already no longer listed as restorable.
     */
    public void deleteExpired(BackupRef ref) throws IOException {
        Optional<BackupRef> newest = newest(ref.source(), ref.table());
        if (newest.isEmpty() || !exists(StoreLayout.manifestKey(ref))) {
            throw new IOException("backup " + ref + " is not a committed backup in store " + store.name());
        }
        if (newest.get().equals(ref)) {
            throw new IOException("refusing to delete backup " + ref + " from store " + store.name()
                    + ": it is the newest committed backup of table '" + ref.table() + "'");
        }
        store.delete(StoreLayout.manifestKey(ref));
        for (StoredObject o : store.list(StoreLayout.backupPrefix(ref))) {
            store.delete(o.key());
        }
    }

    private boolean exists(String key) throws IOException {
        return store.list(key).stream().anyMatch(o -> o.key().equals(key));
    }
}
