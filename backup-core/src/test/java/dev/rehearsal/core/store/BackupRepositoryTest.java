package dev.rehearsal.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rehearsal.core.BackupId;
import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.format.ContentDigest;
import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupRepositoryTest {

    @TempDir
    Path dir;

    @Test
    void onlyBackupsWithAManifestAreListedOldestFirst() throws Exception {
        BackupRepository repo = new BackupRepository(new FileSystemBackupStore(dir));
        BackupRef older = committed(repo, Instant.parse("2026-01-01T00:00:00Z"));
        BackupRef newer = committed(repo, Instant.parse("2026-01-02T00:00:00Z"));
        BackupRef unfinished = ref(Instant.parse("2026-01-03T00:00:00Z"));
        writeObject(repo, unfinished, "data/00000-00000.json.zst");

        assertThat(repo.committed("src", "orders")).containsExactly(older, newer);
        assertThat(repo.newest("src", "orders")).contains(newer);
        assertThat(repo.incomplete("src", "orders")).containsExactly(unfinished);
        assertThat(repo.committed("src", "other-table")).isEmpty();
    }

    @Test
    void retentionNeverDeletesTheNewestAndDeletesTheManifestFirst() throws Exception {
        FileSystemBackupStore store = new FileSystemBackupStore(dir);
        BackupRepository repo = new BackupRepository(store);
        BackupRef older = committed(repo, Instant.parse("2026-01-01T00:00:00Z"));
        BackupRef newest = committed(repo, Instant.parse("2026-01-02T00:00:00Z"));

        assertThatThrownBy(() -> repo.deleteExpired(newest))
                .hasMessageContaining("newest committed backup").hasMessageContaining(newest.toString());
        assertThat(repo.committed("src", "orders")).containsExactly(older, newest);

        repo.deleteExpired(older);
        assertThat(repo.committed("src", "orders")).containsExactly(newest);
        assertThat(store.list(StoreLayout.backupPrefix(older))).isEmpty();
        assertThatThrownBy(() -> repo.deleteExpired(older)).hasMessageContaining("not a committed backup");
    }

    @Test
    void aCommittedBackupIsNeverDiscardedOrRecommitted() throws Exception {
        BackupRepository repo = new BackupRepository(new FileSystemBackupStore(dir));
        BackupRef ref = committed(repo, Instant.parse("2026-01-01T00:00:00Z"));
        assertThatThrownBy(() -> repo.discardIncomplete(ref)).hasMessageContaining("it is committed");
        assertThatThrownBy(() -> repo.commit(ref, manifest(ref))).hasMessageContaining("already committed");
        assertThat(repo.committed("src", "orders")).containsExactly(ref);
    }

    private static BackupRef ref(Instant at) {
        return new BackupRef("src", "orders", BackupId.at(at));
    }

    private static BackupRef committed(BackupRepository repo, Instant at) throws Exception {
        BackupRef ref = ref(at);
        writeObject(repo, ref, "data/00000-00000.json.zst");
        repo.commit(ref, manifest(ref));
        return ref;
    }

    private static void writeObject(BackupRepository repo, BackupRef ref, String name) throws Exception {
        try (OutputStream out = repo.store().create(StoreLayout.objectKey(ref, name))) {
            out.write(new byte[] {1, 2, 3});
        }
    }

    private static Manifest manifest(BackupRef ref) {
        return new Manifest(Manifest.FORMAT, Manifest.VERSION, ref.id().value(),
                new Manifest.Source("src", "dynamodb", "http://localhost", "us-east-1"),
                new Manifest.Table("orders", null), new Manifest.Scan("parallel-scan", 1, false, false, "test"),
                ref.id().time(), ref.id().time(), "zstd", List.of(), new Manifest.Totals(0, 0, 0),
                ContentDigest.empty(), "test", null);
    }
}
