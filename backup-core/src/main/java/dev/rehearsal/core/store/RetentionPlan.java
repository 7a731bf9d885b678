package dev.rehearsal.core.store;

import dev.rehearsal.core.BackupRef;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Which committed backups of a table retention keeps: the {@code keepLast} newest; the newest of
 * each of the {@code daily} most recent days, {@code weekly} weeks and {@code monthly} months that
 * have backups (UTC); and always the newest backup and the newest verified one (the newest whose
 * drill passed), whatever the numbers say.
 */
public record RetentionPlan(int keepLast, int daily, int weekly, int monthly) {

    public RetentionPlan {
        if (keepLast < 1) {
            throw new IllegalArgumentException("retention keep-last must be at least 1, was " + keepLast);
        }
        if (daily < 0 || weekly < 0 || monthly < 0) {
            throw new IllegalArgumentException("retention daily, weekly and monthly must not be negative");
        }
    }

    /** The backups to keep, from a table's committed backups in any order. */
    public Set<BackupRef> keep(List<BackupRef> committed, Optional<BackupRef> newestVerified) {
        List<BackupRef> newestFirst = new ArrayList<>(committed);
        newestFirst.sort(Comparator.comparing(BackupRef::id).reversed());
        Set<BackupRef> keep = new LinkedHashSet<>();
        newestFirst.stream().limit(keepLast).forEach(keep::add);
        newestPer(newestFirst, daily, r -> day(r).toString(), keep);
        newestPer(newestFirst, weekly, r -> day(r).get(IsoFields.WEEK_BASED_YEAR) + "-W" + day(r).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), keep);
        newestPer(newestFirst, monthly, r -> day(r).getYear() + "-" + day(r).getMonthValue(), keep);
        newestVerified.filter(committed::contains).ifPresent(keep::add);
        return keep;
    }

    /** The backups retention deletes: every committed one it does not keep. */
    public List<BackupRef> expired(List<BackupRef> committed, Optional<BackupRef> newestVerified) {
        Set<BackupRef> keep = keep(committed, newestVerified);
        return committed.stream().filter(r -> !keep.contains(r)).sorted(Comparator.comparing(BackupRef::id)).toList();
    }

    private static void newestPer(List<BackupRef> newestFirst, int periods, Function<BackupRef, String> period,
            Set<BackupRef> keep) {
        Set<String> seen = new LinkedHashSet<>();
        for (BackupRef r : newestFirst) {
            if (seen.size() >= periods) {
                return;
            }
            if (seen.add(period.apply(r))) {
                keep.add(r);
            }
        }
    }

    private static LocalDate day(BackupRef r) {
        return LocalDate.ofInstant(r.id().time(), ZoneOffset.UTC);
    }
}
