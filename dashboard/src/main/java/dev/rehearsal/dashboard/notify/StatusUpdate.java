package dev.rehearsal.dashboard.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.rehearsal.drill.drill.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One status update of a recovery plan's run, as the plan runner saw it: the whole state, not a
 * difference, so that a receiver that missed an update loses nothing. The webhook sends it as JSON
 * (schema version {@value #SCHEMA_VERSION}, every field in docs/NOTIFICATIONS.md); Slack and
 * Statuspage get {@link #text()}. Durations are seconds as numbers, times ISO-8601 instants in UTC;
 * a value not known is null, never zero.
 *
 * @param schemaVersion {@value #SCHEMA_VERSION}; receivers refuse versions they do not know
 * @param runId         the run, the same in every update of it
 * @param plan          the plan's name, as configured under {@code rehearsal.plans}
 * @param mode          a drill into the sandbox, or the real recovery during an incident
 * @param event         why this update was sent
 * @param startedAt     when the run started; objectives, ETAs and backup ages count from it
 * @param at            when the plan runner took this state
 * @param startedBy     who started the run (a user or token name, or {@code schedule})
 * @param summary       one line for people, written by the plan runner; may be null
 * @param eta           the estimate for the whole plan; null before there is one
 * @param stages        the plan's stages in their order
 * @param tables        every table of the plan, in stage order
 */
@JsonPropertyOrder({"schemaVersion", "runId", "plan", "mode", "event", "startedAt", "at", "elapsedSeconds",
        "startedBy", "summary", "eta", "stages", "tables"})
public record StatusUpdate(
        int schemaVersion,
        String runId,
        String plan,
        Mode mode,
        Event event,
        Instant startedAt,
        Instant at,
        String startedBy,
        String summary,
        Eta eta,
        List<Stage> stages,
        List<Table> tables) {

    /** The version of this record's JSON; a change that a receiver could misread raises it. */
    public static final int SCHEMA_VERSION = 1;

    public StatusUpdate {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(at, "at");
        stages = stages == null ? List.of() : List.copyOf(stages);
        tables = tables == null ? List.of() : List.copyOf(tables);
    }

    /** An update of the current schema version. */
    public StatusUpdate(String runId, String plan, Mode mode, Event event, Instant startedAt, Instant at,
            String startedBy, String summary, Eta eta, List<Stage> stages, List<Table> tables) {
        this(SCHEMA_VERSION, runId, plan, mode, event, startedAt, at, startedBy, summary, eta, stages, tables);
    }

    /** Seconds from the start of the run to {@link #at}. */
    @JsonProperty("elapsedSeconds")
    public double elapsedSeconds() {
        return Duration.between(startedAt, at).toMillis() / 1000.0;
    }

    /** The same state, sent for another reason (the announcer decides between PROGRESS and ETA_CHANGED). */
    public StatusUpdate withEvent(Event newEvent) {
        return new StatusUpdate(schemaVersion, runId, plan, mode, newEvent, startedAt, at, startedBy, summary, eta,
                stages, tables);
    }

    /** Whether the run restores into the sandbox or recovers production. */
    public enum Mode {
        /** A rehearsal into the sandbox; production is not touched. */
        DRILL,
        /** The real recovery, during an incident. */
        INCIDENT
    }

    /** Why an update was sent. */
    public enum Event {
        STARTED,
        /** A stage has all its tables back. */
        STAGE_RECOVERED,
        /** Periodic: the configured interval has passed since the last update. */
        PROGRESS,
        /** The plan's expected end moved by more than the configured share. */
        ETA_CHANGED,
        /** A table or stage failed; the run may go on with the others or end. */
        FAILED,
        /** Every stage is back; the last update of the run. */
        FINISHED,
        /** Someone stopped the run; the last update of the run. */
        CANCELLED
    }

    /** Where a stage or a table stands. */
    public enum State {
        PENDING, RUNNING, RECOVERED, FAILED, CANCELLED
    }

    /**
     * One stage of the plan. Times are seconds from the run's start except the ETAs, which are the
     * seconds still to go at {@link StatusUpdate#at}.
     *
     * @param name                  as the plan names it ({@code dashboards})
     * @param state                 where it stands
     * @param objectiveSeconds      the stage should be back within this many seconds of the start; null if the plan sets none
     * @param forecastSeconds       when the stage was forecast to be back, as forecast at the start
     * @param forecastLowSeconds    the optimistic end of that forecast
     * @param forecastHighSeconds   the pessimistic end of that forecast
     * @param etaSeconds            how long until the stage is back, now; null once it is done or while unknown
     * @param etaLowSeconds         the optimistic end of that estimate
     * @param etaHighSeconds        the pessimistic end of that estimate
     * @param recoveredAfterSeconds when it was back, from the start; null until it is
     */
    public record Stage(String name, State state, Double objectiveSeconds, Double forecastSeconds,
            Double forecastLowSeconds, Double forecastHighSeconds, Double etaSeconds, Double etaLowSeconds,
            Double etaHighSeconds, Double recoveredAfterSeconds) {

        public Stage {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * How long the whole plan still needs.
     *
     * @param remainingSeconds the estimate, in seconds from {@link StatusUpdate#at}
     * @param lowSeconds       the optimistic end of the range
     * @param highSeconds      the pessimistic end of the range
     * @param basis            what the estimate rests on, in words ({@code measured rates of 3 running
     *                         tables and 12 drills}), so that people can judge it
     */
    public record Eta(Double remainingSeconds, Double lowSeconds, Double highSeconds, String basis) {
    }

    /**
     * One table of the plan.
     *
     * @param id               {@code source/table}
     * @param stage            the stage it belongs to
     * @param state            where it stands
     * @param backupId         the backup it is restored from; null until one is chosen
     * @param backupTakenAt    when that backup was taken: data written after it is not restored
     * @param backupAgeSeconds seconds from {@code backupTakenAt} to the run's start: what teams replay
     * @param items            items restored so far; null before the restore starts
     * @param totalItems       items in the backup; null if not known
     * @param error            why it failed; null unless it did
     */
    public record Table(String id, String stage, State state, String backupId, Instant backupTakenAt,
            Double backupAgeSeconds, Long items, Long totalItems, String error) {

        public Table {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(state, "state");
        }
    }

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * The update for people, in plain text: what happened, what is back, what is running and next,
     * the ETA with its range and what it rests on, what data must be replayed, and what failed.
     * It states only what the update holds: no estimate is shown as one when there is none.
     */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append(headline()).append('\n');
        if (summary != null && !summary.isBlank()) {
            out.append(summary.strip()).append('\n');
        }
        out.append("Started ").append(UTC.format(startedAt)).append(startedBy == null ? "" : " by " + startedBy)
                .append(" (run ").append(runId).append("); elapsed: ").append(estimate(elapsedSeconds())).append(".\n");

        if (!stages.isEmpty()) {
            out.append('\n');
            for (Stage stage : stages) {
                out.append("- ").append(stageLine(stage)).append('\n');
            }
        }

        out.append('\n').append(planEta()).append('\n');

        List<String> replay = replayLines();
        if (!replay.isEmpty()) {
            out.append('\n');
            replay.forEach(line -> out.append(line).append('\n'));
        }

        List<Table> failed = tables.stream().filter(t -> t.state() == State.FAILED).toList();
        if (!failed.isEmpty()) {
            out.append('\n').append("Failed:\n");
            for (Table t : failed) {
                out.append("- ").append(t.id()).append(": ").append(t.error() == null ? "no error given" : t.error())
                        .append('\n');
            }
        }
        return out.toString().stripTrailing();
    }

    private String headline() {
        String what = mode == Mode.DRILL
                ? "Drill of recovery plan '" + plan + "' (into the sandbox; production is not touched)"
                : "Recovery plan '" + plan + "'";
        return what + ": " + switch (event) {
            case STARTED -> "started.";
            case STAGE_RECOVERED -> {
                List<String> back = stages.stream().filter(s -> s.state() == State.RECOVERED).map(Stage::name).toList();
                yield back.isEmpty() ? "a stage is back." : "'" + back.get(back.size() - 1) + "' is back.";
            }
            case PROGRESS -> "progress.";
            case ETA_CHANGED -> "the estimate has changed.";
            case FAILED -> "a failure.";
            case FINISHED -> "finished; every stage is back after " + estimate(elapsedSeconds()) + ".";
            case CANCELLED -> "cancelled after " + estimate(elapsedSeconds()) + "; what is not back stays down.";
        };
    }

    private String stageLine(Stage s) {
        long done = tables.stream().filter(t -> s.name().equals(t.stage()) && t.state() == State.RECOVERED).count();
        long all = tables.stream().filter(t -> s.name().equals(t.stage())).count();
        String tablesDone = all == 0 ? "" : ", " + done + " of " + all + " tables back";
        String objective = s.objectiveSeconds() == null ? "" : "objective " + estimate(s.objectiveSeconds());
        return switch (s.state()) {
            case RECOVERED -> {
                String verdict = "";
                if (s.objectiveSeconds() != null && s.recoveredAfterSeconds() != null) {
                    verdict = " (" + objective + ": " + (s.recoveredAfterSeconds() <= s.objectiveSeconds() ? "met" : "missed") + ")";
                }
                yield s.name() + ": back" + (s.recoveredAfterSeconds() == null ? "" : " after " + estimate(s.recoveredAfterSeconds()))
                        + verdict;
            }
            case RUNNING -> s.name() + ": recovering" + tablesDone + "; " + stageEta(s);
            case PENDING -> s.name() + ": next" + (s.etaSeconds() != null ? "; " + stageEta(s) : forecast(s));
            case FAILED -> s.name() + ": FAILED" + tablesDone;
            case CANCELLED -> s.name() + ": cancelled, not back" + tablesDone;
        };
    }

    private String stageEta(Stage s) {
        if (s.etaSeconds() == null) {
            return "no estimate yet" + (s.objectiveSeconds() == null ? "" : " (objective " + estimate(s.objectiveSeconds()) + ")");
        }
        String eta = "about " + estimate(s.etaSeconds()) + " to go" + range(s.etaLowSeconds(), s.etaHighSeconds());
        if (s.objectiveSeconds() == null) {
            return eta;
        }
        double end = elapsedSeconds() + s.etaSeconds();
        String verdict = end <= s.objectiveSeconds() ? "on track for" : "expected " + estimate(end - s.objectiveSeconds()) + " past";
        return eta + ", " + verdict + " its objective of " + estimate(s.objectiveSeconds());
    }

    private static String forecast(Stage s) {
        String objective = s.objectiveSeconds() == null ? "" : ", objective " + estimate(s.objectiveSeconds());
        if (s.forecastSeconds() == null) {
            return objective.isEmpty() ? "" : ";" + objective.substring(1);
        }
        return "; forecast at the start: back " + estimate(s.forecastSeconds()) + " after the start"
                + range(s.forecastLowSeconds(), s.forecastHighSeconds()) + objective;
    }

    private String planEta() {
        if (event == Event.FINISHED) {
            return "Every stage is back.";
        }
        if (event == Event.CANCELLED) {
            List<String> notBack = stages.stream().filter(s -> s.state() != State.RECOVERED).map(Stage::name).toList();
            return notBack.isEmpty() ? "Every stage was back." : "Not back: " + String.join(", ", notBack) + ".";
        }
        if (eta == null || eta.remainingSeconds() == null) {
            return "Whole plan: no estimate yet.";
        }
        Instant end = at.plusMillis(Math.round(eta.remainingSeconds() * 1000));
        String basis = eta.basis() == null || eta.basis().isBlank() ? "" : " The estimate rests on " + eta.basis().strip() + ".";
        return "Whole plan: about " + estimate(eta.remainingSeconds()) + " to go" + range(eta.lowSeconds(), eta.highSeconds())
                + ", done around " + UTC.format(end) + "." + basis;
    }

    /** Tables grouped by the time of their backup, oldest first: everyone replaying from one point reads one line. */
    private List<String> replayLines() {
        Map<Instant, List<Table>> byBackup = new TreeMap<>(tables.stream().filter(t -> t.backupTakenAt() != null)
                .collect(Collectors.groupingBy(Table::backupTakenAt)));
        List<String> lines = new ArrayList<>();
        byBackup.forEach((takenAt, list) -> {
            Double age = list.get(0).backupAgeSeconds();
            String before = age == null ? "" : " (" + estimate(age) + " before the start)";
            lines.add("Data written after " + UTC.format(takenAt) + before + " must be replayed for "
                    + list.stream().map(Table::id).collect(Collectors.joining(", ")) + ".");
        });
        List<String> unknown = tables.stream().filter(t -> t.backupTakenAt() == null).map(Table::id).toList();
        if (!unknown.isEmpty()) {
            lines.add("No backup chosen yet for " + String.join(", ", unknown) + ".");
        }
        return lines;
    }

    private static String range(Double low, Double high) {
        if (low == null || high == null) {
            return "";
        }
        return " (between " + estimate(low) + " and " + estimate(high) + ")";
    }

    /** An estimate is not precise to the second: whole minutes, and "under a minute" below one. */
    private static String estimate(double seconds) {
        if (!(seconds >= 30)) {
            return "under a minute";
        }
        return Durations.seconds(Math.round(seconds / 60) * 60.0);
    }
}
