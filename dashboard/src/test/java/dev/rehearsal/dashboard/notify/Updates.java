package dev.rehearsal.dashboard.notify;

import dev.rehearsal.dashboard.notify.StatusUpdate.Eta;
import dev.rehearsal.dashboard.notify.StatusUpdate.Event;
import dev.rehearsal.dashboard.notify.StatusUpdate.Mode;
import dev.rehearsal.dashboard.notify.StatusUpdate.Stage;
import dev.rehearsal.dashboard.notify.StatusUpdate.State;
import dev.rehearsal.dashboard.notify.StatusUpdate.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Updates of one run of plan {@code checkout}: stage {@code dashboards} (orders-db/orders and
 * orders-db/customers, from a backup of 03:00, objective 1 h) then {@code processing}
 * (events/clicks, from a backup of 06:40, objective 2 h), started at 07:10 by alice.
 */
final class Updates {

    static final Instant START = Instant.parse("2026-12-07T07:10:00Z");
    static final Instant ORDERS_BACKUP = Instant.parse("2026-12-07T03:00:00Z");
    static final Instant CLICKS_BACKUP = Instant.parse("2026-12-07T06:40:00Z");

    private String runId = "run-1";
    private Mode mode = Mode.INCIDENT;
    private Event event = Event.PROGRESS;
    private Duration elapsed = Duration.ZERO;
    private Eta eta;
    private State dashboards = State.PENDING;
    private State processing = State.PENDING;
    private String clicksError;

    static Updates update() {
        return new Updates();
    }

    Updates runId(String id) {
        runId = id;
        return this;
    }

    Updates mode(Mode m) {
        mode = m;
        return this;
    }

    Updates event(Event e) {
        event = e;
        return this;
    }

    Updates elapsed(Duration d) {
        elapsed = d;
        return this;
    }

    /** The whole plan's remaining time, with a range of -30 % / +50 %. */
    Updates eta(double remainingSeconds) {
        eta = new Eta(remainingSeconds, remainingSeconds * 0.7, remainingSeconds * 1.5,
                "measured rates of 1 running table and 12 drills");
        return this;
    }

    Updates noEta() {
        eta = null;
        return this;
    }

    Updates dashboards(State s) {
        dashboards = s;
        return this;
    }

    Updates processing(State s) {
        processing = s;
        return this;
    }

    /** events/clicks failed with this error; processing failed with it. */
    Updates clicksFailed(String error) {
        clicksError = error;
        processing = State.FAILED;
        return this;
    }

    /** Dashboards back after 41 min; processing running with 30 min to go. */
    Updates dashboardsBack() {
        return dashboards(State.RECOVERED).processing(State.RUNNING).elapsed(Duration.ofMinutes(41)).eta(1800);
    }

    /** Both stages back, processing after 1 h 35 min. */
    Updates allBack() {
        return dashboards(State.RECOVERED).processing(State.RECOVERED).elapsed(Duration.ofMinutes(95)).noEta();
    }

    StatusUpdate build() {
        Double running = eta == null ? null : eta.remainingSeconds();
        Stage first = new Stage("dashboards", dashboards, 3600.0, 2400.0, 1800.0, 3000.0,
                dashboards == State.RUNNING ? running : null, null, null,
                dashboards == State.RECOVERED ? 2460.0 : null);
        Stage second = new Stage("processing", processing, 7200.0, 5400.0, 4200.0, 6600.0,
                processing == State.RUNNING ? running : null,
                processing == State.RUNNING && running != null ? running * 0.7 : null,
                processing == State.RUNNING && running != null ? running * 1.5 : null,
                processing == State.RECOVERED ? 5700.0 : null);
        List<Table> tables = List.of(
                new Table("orders-db/orders", "dashboards", dashboards, "b-17", ORDERS_BACKUP, 15000.0,
                        dashboards == State.RECOVERED ? 120_000L : null, 120_000L, null),
                new Table("orders-db/customers", "dashboards", dashboards, "b-18", ORDERS_BACKUP, 15000.0,
                        dashboards == State.RECOVERED ? 8_000L : null, 8_000L, null),
                new Table("events/clicks", "processing", processing, "b-21", CLICKS_BACKUP, 1800.0,
                        processing == State.RECOVERED ? 2_000_000L : null, 2_000_000L, clicksError));
        return new StatusUpdate(runId, "checkout", mode, event, START, START.plus(elapsed), "alice",
                null, eta, List.of(first, second), tables);
    }
}
