package dev.rehearsal.drill.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A plan run with what the daemon knew around it: the material of a plan drill report and of an
 * incident's postmortem timeline.
 *
 * @param result      the run as the runner returned it
 * @param startedBy   who started it ({@code schedule}, or the API caller)
 * @param cancelledBy who cancelled it, or null
 * @param forecasts   the forecast made before the start, per stage name (from the plan's start), and
 *                    for the whole plan under {@link #WHOLE_PLAN}; a stage without one is absent
 * @param timeline    what happened besides the tables' own start and end, oldest first: status
 *                    updates sent (with the ETA each gave), cancels, notes
 */
public record PlanReport(PlanResult result, String startedBy, String cancelledBy, Map<String, Forecast> forecasts,
        List<Entry> timeline) {

    /** The key of the whole plan's forecast in {@link #forecasts}. */
    public static final String WHOLE_PLAN = "*";

    public PlanReport {
        Objects.requireNonNull(result, "result");
        forecasts = forecasts == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(forecasts));
        List<Entry> sorted = new ArrayList<>(timeline == null ? List.of() : timeline);
        sorted.sort(Comparator.comparing(Entry::at));
        timeline = List.copyOf(sorted);
    }

    /**
     * A forecast as it was given, in seconds from the plan's start.
     *
     * @param words what it rests on, for a person ("based on 14 drills; past forecasts were within −8% / +21%")
     */
    public record Forecast(double seconds, double lowSeconds, double highSeconds, String words) {
    }

    /**
     * One line of the timeline.
     *
     * @param kind {@code update} (a status update attempt), {@code cancel}, {@code note}
     * @param text one line for a person
     * @param etaSeconds the plan's remaining time an update gave, or null
     */
    public record Entry(Instant at, String kind, String text, Double etaSeconds) {
        public Entry {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(kind, "kind");
        }
    }
}
