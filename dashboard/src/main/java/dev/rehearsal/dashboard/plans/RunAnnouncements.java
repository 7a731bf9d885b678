package dev.rehearsal.dashboard.plans;

import dev.rehearsal.core.BackupId;
import dev.rehearsal.dashboard.notify.Announcer;
import dev.rehearsal.dashboard.notify.Attempt;
import dev.rehearsal.dashboard.notify.NotifierSettings;
import dev.rehearsal.dashboard.notify.StatusUpdate;
import dev.rehearsal.drill.drill.Durations;
import dev.rehearsal.drill.plan.PlanReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A plan run's status updates: turns the run's snapshots into {@link StatusUpdate}s and tells the
 * run's {@link Announcer} at the start, when a stage is back, when a table fails, on every tick
 * (the announcer decides whether the interval has passed or the ETA has moved), and at the end.
 * Every delivery attempt goes into the run's timeline. Sending never blocks the run: the announcer
 * delivers from threads of its own.
 */
final class RunAnnouncements implements Consumer<LiveRun.Snapshot>, AutoCloseable {

    private final LiveRun run;
    private final Announcer announcer;
    private final Map<String, PlanReport.Forecast> forecasts;
    private final Set<String> told = new HashSet<>();

    RunAnnouncements(LiveRun run, Map<String, NotifierSettings> notifiers, Map<String, PlanReport.Forecast> forecasts) {
        this.run = run;
        this.forecasts = forecasts;
        this.announcer = new Announcer(notifiers, this::record);
    }

    private void record(Attempt a) {
        String outcome = a.delivered() ? "delivered (HTTP " + a.httpStatus() + ")"
                : a.error() != null ? "failed: " + a.error() : "HTTP " + a.httpStatus();
        run.note("update", a.type() + " '" + a.notifier() + "': " + a.event() + " attempt " + a.attempt() + " "
                + outcome + (a.last() && !a.delivered() ? "; given up" : ""), a.etaSeconds());
    }

    void started() {
        announcer.started(update(run.current(), StatusUpdate.Event.STARTED));
    }

    /** Each tick: stage and table transitions are announced once; the rest is the announcer's to pace. */
    @Override
    public synchronized void accept(LiveRun.Snapshot s) {
        if (!s.status().equals("RUNNING")) {
            return; // the end is announced by finish
        }
        transitions(s);
        announcer.progress(update(s, StatusUpdate.Event.PROGRESS));
    }

    /** Stages back and tables failed since the last look, each announced once. */
    private void transitions(LiveRun.Snapshot s) {
        for (LiveRun.StageView stage : s.stages()) {
            if (stage.state().equals("RECOVERED") && told.add("stage:" + stage.name())) {
                announcer.stageRecovered(update(s, StatusUpdate.Event.STAGE_RECOVERED));
            }
        }
        for (LiveRun.TableView t : s.tables()) {
            if ((t.state().equals("FAILED") || t.state().equals("ERROR")) && told.add("table:" + t.table())) {
                announcer.failed(update(s, StatusUpdate.Event.FAILED));
            }
        }
    }

    /** The last update, then the announcer's bounded wait for it to get through. */
    synchronized void finish(LiveRun.Snapshot last) {
        transitions(last); // what ended between the last tick and the end
        announcer.finished(update(last, last.status().equals("CANCELLED") ? StatusUpdate.Event.CANCELLED
                : StatusUpdate.Event.FINISHED));
        close();
    }

    @Override
    public void close() {
        announcer.close();
    }

    private StatusUpdate update(LiveRun.Snapshot s, StatusUpdate.Event event) {
        List<StatusUpdate.Stage> stages = new ArrayList<>();
        List<String> back = new ArrayList<>();
        String next = null;
        for (LiveRun.StageView v : s.stages()) {
            PlanReport.Forecast f = forecasts.get(v.name());
            stages.add(new StatusUpdate.Stage(v.name(), state(v.state()), v.objectiveSeconds(),
                    f == null ? null : f.seconds(), f == null ? null : f.lowSeconds(), f == null ? null : f.highSeconds(),
                    v.etaSeconds(), v.etaLowSeconds(), v.etaHighSeconds(), v.recoveredAfterSeconds()));
            if (v.state().equals("RECOVERED")) {
                back.add(v.name());
            } else if (next == null) {
                next = v.name();
            }
        }
        List<StatusUpdate.Table> tables = new ArrayList<>();
        for (LiveRun.TableView t : s.tables()) {
            Instant taken = t.backupId() == null || !BackupId.isValid(t.backupId()) ? null : BackupId.parse(t.backupId()).time();
            tables.add(new StatusUpdate.Table(t.table(), t.stage(), state(t.state()), t.backupId(), taken,
                    taken == null ? null : Duration.between(taken, s.startedAt()).toMillis() / 1000.0, t.items(),
                    t.totalItems() == 0 ? null : t.totalItems(), t.error()));
        }
        String mode = s.mode().equals("DRILL") ? "Plan drill" : "Recovery";
        String summary = mode + " of plan " + s.plan() + ": " + back.size() + " of " + s.stages().size() + " stages back"
                + (back.isEmpty() ? "" : " (" + String.join(", ", back) + ")")
                + (next == null ? "" : "; next: " + next)
                + (s.etaSeconds() == null ? "" : "; ETA " + Durations.seconds(s.etaSeconds())
                        + (s.etaLowSeconds() == null ? "" : " (" + Durations.seconds(s.etaLowSeconds()) + " – "
                                + Durations.seconds(s.etaHighSeconds()) + ")"));
        StatusUpdate.Eta eta = s.etaSeconds() == null ? null
                : new StatusUpdate.Eta(s.etaSeconds(), s.etaLowSeconds(), s.etaHighSeconds(), s.etaBasis());
        return new StatusUpdate(s.runId(), s.plan(), s.mode().equals("DRILL") ? StatusUpdate.Mode.DRILL
                : StatusUpdate.Mode.INCIDENT, event, s.startedAt(), Instant.now(), s.startedBy(), summary, eta, stages, tables);
    }

    private static StatusUpdate.State state(String state) {
        return switch (state) {
            case "PENDING" -> StatusUpdate.State.PENDING;
            case "RUNNING" -> StatusUpdate.State.RUNNING;
            case "RECOVERED", "VERIFIED" -> StatusUpdate.State.RECOVERED;
            case "CANCELLED", "SKIPPED" -> StatusUpdate.State.CANCELLED;
            default -> StatusUpdate.State.FAILED;
        };
    }
}
