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
 * @param forecastSeconds    predicted recovery time today, the most likely value; see {@code docs/FORECAST.md}
 * @param forecastMethod     how {@code forecastSeconds} was computed, in words
 * @param forecastMet        {@code forecastSeconds} is within the objective
 * @param forecastLowSeconds the low end of the forecast's range (about the 10th percentile)
 * @param forecastHighSeconds the high end of the forecast's range (about the 90th percentile)
 * @param forecastAccuracy   what the range rests on, in words: "based on 14 drills; past forecasts were within
 *                           −8% / +21% (…)", or why it is a wide default
 * @param forecastErrorRatio the median absolute relative error of the forecast's backtest (0.1 = 10%); null with
 *                           fewer than three backtests
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
        Double forecastLowSeconds,
        Double forecastHighSeconds,
        String forecastAccuracy,
        Double forecastErrorRatio,
        Long approximateItems,
        Boolean deletionProtection,
        Boolean pointInTimeRecovery) {

    public enum Coverage { COVERED, EXCLUDED, UNCOVERED }

    public enum Level { GREEN, AMBER, RED, GREY }
}
