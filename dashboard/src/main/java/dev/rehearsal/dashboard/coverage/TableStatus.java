package dev.rehearsal.dashboard.coverage;

import java.time.Instant;
import java.util.List;

/**
 * One source table as the coverage audit sees it. Times are UTC; durations are seconds. Fields
 * that do not apply (a backup of an uncovered table, PITR where the engine cannot tell) are null.
 *
 * @param coverage           covered by a policy, explicitly excluded, or neither
 * @param status             green, amber or red (grey for excluded tables), the worst of {@code reasons}
 * @param reasons            why the status is not green, each a sentence
 * @param drilledRecently    a passing drill finished within the policy's window ({@code drillMaxAgeSeconds})
 * @param rtoMet             the newest passing drill's recovery time is within the objective
 * @param forecastSeconds    predicted recovery time today, see {@link RtoForecast}
 */
public record TableStatus(
        String source,
        String table,
        Coverage coverage,
        String policy,
        Level status,
        List<String> reasons,
        String newestBackupId,
        Instant newestBackupAt,
        Double backupAgeSeconds,
        Long newestBackupItems,
        Double rpoSeconds,
        Boolean rpoMet,
        String newestDrillId,
        String newestDrillOutcome,
        Instant newestDrillAt,
        Instant newestPassingDrillAt,
        Double measuredRtoSeconds,
        Double rtoSeconds,
        Boolean rtoMet,
        Double drillMaxAgeSeconds,
        Boolean drilledRecently,
        Double forecastSeconds,
        String forecastMethod,
        Boolean forecastMet,
        Long approximateItems,
        Boolean deletionProtection,
        Boolean pointInTimeRecovery) {

    public enum Coverage { COVERED, EXCLUDED, UNCOVERED }

    public enum Level { GREEN, AMBER, RED, GREY }
}
