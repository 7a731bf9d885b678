package dev.rehearsal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupIdTest {

    @Test
    void idsSortByTimeAndCarryIt() {
        List<BackupId> ids = new ArrayList<>();
        Instant t = Instant.parse("2026-11-21T15:54:49.123Z");
        for (int i = 0; i < 50; i++) {
            ids.add(BackupId.at(t.plusMillis(i * 997L)));
        }
        List<BackupId> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        assertThat(sorted).isEqualTo(ids);
        assertThat(ids.get(0).value()).startsWith("20261121T155449.123Z-");
        assertThat(ids.get(0).time()).isEqualTo(t);
    }

    @Test
    void malformedIdsAndNamesThatEscapeTheirFolderAreRefused() {
        assertThatThrownBy(() -> BackupId.parse("../../etc")).hasMessageContaining("invalid backup id");
        assertThatThrownBy(() -> BackupRef.requireTableName("..")).hasMessageContaining("invalid table name");
        assertThatThrownBy(() -> BackupRef.requireTableName("a/b")).hasMessageContaining("invalid table name");
        assertThatThrownBy(() -> BackupRef.requireSourceName("Prod")).hasMessageContaining("invalid source name");
    }
}
