package dev.rehearsal.dashboard.plans;

import dev.rehearsal.core.TableId;
import dev.rehearsal.drill.forecast.Estimate;
import dev.rehearsal.drill.forecast.LiveEta;
import dev.rehearsal.drill.plan.Mode;
import dev.rehearsal.drill.plan.PlanListener;
import dev.rehearsal.drill.plan.PlanReport;
import dev.rehearsal.drill.plan.PlanStage;
import dev.rehearsal.drill.plan.StageResult;
import dev.rehearsal.drill.plan.TableRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one in-memory record of a plan run this process runs: each table's state and live progress,
 * each finished stage, the timeline entries the daemon adds, and who follows it. The runner tells
 * it as tables start and end ({@link PlanListener}); a ticker asks it for a {@link Snapshot} and
 * hands that to whoever listens (event streams, the announcer of status updates).
 */
public final class LiveRun implements PlanListener {

    /** A table's progress while it runs, read from its drill or restore. */
    public record Progress(String phase, long items, long totalItems, double percent, double itemsPerSecond,
            double loadSeconds) {
        public static final Progress NONE = new Progress(null, 0, 0, 0, 0, 0);
    }

    private final String runId;
    private final String plan;
    private final Mode mode;
    private final Instant startedAt;
    private final String startedBy;
    private final List<PlanStage> stages;
    private final Map<TableId, TableState> tables = new LinkedHashMap<>();
    private final Map<String, StageResult> finished = new ConcurrentHashMap<>();
    private final List<PlanReport.Entry> timeline = new CopyOnWriteArrayList<>();
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
    private volatile Thread thread;
    private volatile boolean cancelRequested;
    private volatile String cancelledBy;
    private volatile Snapshot last;
    private volatile Eta eta;

    LiveRun(String runId, String plan, Mode mode, Instant startedAt, String startedBy, List<PlanStage> stages) {
        this.runId = runId;
        this.plan = plan;
        this.mode = mode;
        this.startedAt = startedAt;
        this.startedBy = startedBy;
        this.stages = List.copyOf(stages);
        for (PlanStage s : stages) {
            for (TableId t : s.tables()) {
                tables.put(t, new TableState(s.name()));
            }
        }
    }

    public String runId() {
        return runId;
    }

    public String plan() {
        return plan;
    }

    public Mode mode() {
        return mode;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public String startedBy() {
        return startedBy;
    }

    public List<PlanStage> stages() {
        return stages;
    }

    void attach(Thread runner) {
        thread = runner;
    }

    /** Asks the run to stop; false if it was asked already. */
    boolean cancel(String actor) {
        if (cancelRequested) {
            return false;
        }
        cancelledBy = actor;
        cancelRequested = true;
        note("cancel", "cancel asked by " + actor, null);
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        return true;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    String cancelledBy() {
        return cancelledBy;
    }

    /** Adds a line to the run's timeline (an update sent, a cancel, a note). */
    public void note(String kind, String text, Double etaSeconds) {
        timeline.add(new PlanReport.Entry(Instant.now(), kind, text, etaSeconds));
    }

    List<PlanReport.Entry> timeline() {
        return List.copyOf(timeline);
    }

    /** The backup and target chosen for a table before the run (an incident's), so that every update names them from the start. */
    void chosen(TableId table, String backupId, String target) {
        TableState s = tables.get(table);
        s.backupId = backupId;
        s.target = target;
    }

    /** Where a table's live progress comes from, once its drill or restore has started. */
    void progressOf(TableId table, Supplier<Progress> progress, String tableRunId) {
        TableState s = tables.get(table);
        s.progress = progress;
        s.tableRunId = tableRunId;
    }

    void eta(Eta e) {
        eta = e;
    }

    @Override
    public void tableStarted(TableId table, PlanStage stage, Instant at) {
        TableState s = tables.get(table);
        s.startedAt = at;
        s.state = "RUNNING";
    }

    @Override
    public void tableFinished(TableRun run) {
        TableState s = tables.get(run.table());
        s.finishedAt = run.finishedAt();
        s.state = run.outcome().status().name();
        s.target = run.outcome().target();
        s.backupId = run.outcome().backupId();
        s.items = run.outcome().items();
        s.error = run.outcome().errors().isEmpty() ? null : String.join("; ", run.outcome().errors());
        s.recoverySeconds = run.outcome().recoveryTime() == null ? null : run.outcome().recoveryTime().toMillis() / 1000.0;
    }

    @Override
    public void stageFinished(StageResult stage) {
        finished.put(stage.name(), stage);
    }

    public void listen(Consumer<Snapshot> listener) {
        listeners.add(listener);
    }

    public void unlisten(Consumer<Snapshot> listener) {
        listeners.remove(listener);
    }

    /** Builds the current snapshot and hands it to every listener. */
    void tick(Instant now) {
        estimate(now);
        Snapshot s = snapshot(now, null);
        last = s;
        listeners.forEach(l -> l.accept(s));
    }

    /** The last snapshot, with the run's outcome: every listener is told the run has ended. */
    void tickFinal(Instant now, String outcome) {
        Snapshot s = snapshot(now, outcome);
        last = s;
        listeners.forEach(l -> l.accept(s));
        listeners.clear();
    }

    /** The newest snapshot, or a fresh one. */
    public Snapshot current() {
        Snapshot s = last;
        if (s != null) {
            return s;
        }
        Instant now = Instant.now();
        estimate(now); // before the first tick: the forecast is all there is, and it is there from the start
        return snapshot(now, null);
    }

    /**
     * The plan's remaining time, per stage and whole, each {most likely, low, high} in seconds from
     * now (absent or null when it cannot be told), and what it rests on.
     */
    public record Eta(Map<String, double[]> stages, double[] plan, String basis) {
    }

    private volatile PlanForecasts.Result forecast;

    void forecast(PlanForecasts.Result f) {
        forecast = f;
    }

    /** The forecast made before the start, or null when none could be made. */
    PlanForecasts.Result forecast() {
        return forecast;
    }

    /**
     * Recomputes the ETA from what is measured now: finished tables are done, running ones go at
     * their measured rate plus the fixed costs their drills showed, pending ones take their forecast
     * (docs/FORECAST.md, "The live ETA").
     */
    void estimate(Instant now) {
        PlanForecasts.Result f = forecast;
        double elapsed = Duration.between(startedAt, now).toMillis() / 1000.0;
        List<LiveEta.StageState> states = new ArrayList<>();
        int measured = 0;
        int forecastOnly = 0;
        for (PlanStage stage : stages) {
            List<LiveEta.TableState> in = new ArrayList<>();
            for (TableId t : stage.tables()) {
                TableState s = tables.get(t);
                PlanForecasts.TableForecast tf = f == null ? null : f.tables().get(t);
                Estimate own = tf == null ? null : tf.estimate();
                switch (s.state) {
                    case "PENDING" -> {
                        in.add(new LiveEta.Pending(t.toString(), own));
                        forecastOnly++;
                    }
                    case "RUNNING" -> {
                        Progress p = s.progress == null ? Progress.NONE : s.progress.get();
                        in.add(new LiveEta.Running(t.toString(), p.items(), p.totalItems(), p.itemsPerSecond(),
                                s.startedAt == null ? 0 : Duration.between(s.startedAt, now).toMillis() / 1000.0,
                                tf == null ? 0 : tf.fixedSeconds(), own));
                        if (p.itemsPerSecond() > 0) {
                            measured++;
                        } else {
                            forecastOnly++;
                        }
                    }
                    default -> in.add(new LiveEta.Done(t.toString(), s.finishedAt == null ? elapsed
                            : Duration.between(startedAt, s.finishedAt).toMillis() / 1000.0));
                }
            }
            states.add(new LiveEta.StageState(stage.name(), stage.concurrency(), in));
        }
        LiveEta.Eta e = LiveEta.eta(states, elapsed);
        Map<String, double[]> byStage = new LinkedHashMap<>();
        for (LiveEta.StageEta se : e.stages()) {
            if (se.remaining() != null) {
                byStage.put(se.stage(), new double[] {se.remaining().seconds(), se.remaining().low(), se.remaining().high()});
            }
        }
        double[] whole = e.remaining() == null ? null
                : new double[] {e.remaining().seconds(), e.remaining().low(), e.remaining().high()};
        String basis = whole == null ? "no estimate: " + e.stages().stream().flatMap(x -> x.withoutForecast().stream())
                .distinct().reduce((a, b) -> a + ", " + b).map(x -> x + " never drilled").orElse("nothing measured yet")
                : "the measured load rates of " + measured + " running table" + (measured == 1 ? "" : "s")
                        + " and the forecasts of " + forecastOnly + " other" + (f == null ? "" : " (" + f.plan().words() + ")");
        eta = new Eta(byStage, whole, basis);
    }

    /** The run as it stands, for event streams, pages and status updates. */
    Snapshot snapshot(Instant now, String outcome) {
        Eta e = eta;
        List<StageView> stageViews = new ArrayList<>();
        List<TableView> tableViews = new ArrayList<>();
        for (PlanStage stage : stages) {
            StageResult done = finished.get(stage.name());
            String state;
            Double recovered = null;
            if (done != null) {
                state = done.state().name();
                recovered = done.recoveredAfter() == null ? null : done.recoveredAfter().toMillis() / 1000.0;
            } else {
                state = stage.tables().stream().anyMatch(t -> !tables.get(t).state.equals("PENDING")) ? "RUNNING" : "PENDING";
            }
            double[] stageEta = e == null || done != null ? null : e.stages().get(stage.name());
            stageViews.add(new StageView(stage.name(), state, stage.objective().toMillis() / 1000.0, recovered,
                    stageEta == null ? null : stageEta[0], stageEta == null ? null : stageEta[1],
                    stageEta == null ? null : stageEta[2]));
            for (TableId t : stage.tables()) {
                TableState s = tables.get(t);
                Progress p = s.state.equals("RUNNING") && s.progress != null ? s.progress.get() : Progress.NONE;
                tableViews.add(new TableView(t.toString(), stage.name(), s.state, s.tableRunId, s.backupId, s.target,
                        s.state.equals("RUNNING") ? p.items() : s.items, p.totalItems(), p.percent(), p.itemsPerSecond(),
                        p.phase(), s.recoverySeconds, s.error));
            }
        }
        double[] whole = e == null || outcome != null ? null : e.plan();
        return new Snapshot(runId, plan, mode.name(), startedAt, startedBy, outcome == null ? "RUNNING" : outcome,
                Duration.between(startedAt, now).toMillis() / 1000.0, whole == null ? null : whole[0],
                whole == null ? null : whole[1], whole == null ? null : whole[2], e == null ? null : e.basis(),
                cancelRequested, stageViews, tableViews);
    }

    /** What the ETA needs of each table: its state, progress and times. */
    Map<TableId, TableFacts> facts() {
        Map<TableId, TableFacts> out = new LinkedHashMap<>();
        tables.forEach((t, s) -> out.put(t, new TableFacts(s.stage, s.state, s.startedAt, s.finishedAt,
                s.state.equals("RUNNING") && s.progress != null ? s.progress.get() : Progress.NONE)));
        return out;
    }

    record TableFacts(String stage, String state, Instant startedAt, Instant finishedAt, Progress progress) {
    }

    /**
     * @param status      RUNNING while it runs, then the outcome
     * @param etaSeconds  time left for the whole plan, from now, or null when it cannot be told
     */
    public record Snapshot(String runId, String plan, String mode, Instant startedAt, String startedBy, String status,
            double elapsedSeconds, Double etaSeconds, Double etaLowSeconds, Double etaHighSeconds, String etaBasis,
            boolean cancelRequested, List<StageView> stages, List<TableView> tables) {
    }

    public record StageView(String name, String state, double objectiveSeconds, Double recoveredAfterSeconds,
            Double etaSeconds, Double etaLowSeconds, Double etaHighSeconds) {
    }

    public record TableView(String table, String stage, String state, String runId, String backupId, String target,
            long items, long totalItems, double percent, double itemsPerSecond, String phase, Double recoverySeconds,
            String error) {
    }

    private static final class TableState {
        final String stage;
        volatile String state = "PENDING";
        volatile Supplier<Progress> progress;
        volatile String tableRunId;
        volatile Instant startedAt;
        volatile Instant finishedAt;
        volatile String target;
        volatile String backupId;
        volatile long items;
        volatile Double recoverySeconds;
        volatile String error;

        TableState(String stage) {
            this.stage = stage;
        }
    }
}
