package dev.rehearsal.dashboard.notify;

import static dev.rehearsal.dashboard.notify.Updates.START;
import static dev.rehearsal.dashboard.notify.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.dashboard.notify.StatusUpdate.Event;
import dev.rehearsal.dashboard.notify.StatusUpdate.Mode;
import dev.rehearsal.dashboard.notify.TestReceiver.Answer;
import dev.rehearsal.dashboard.notify.TestReceiver.Request;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the announcer sends, when, and how it copes with receivers that fail or hang, against real
 * HTTP receivers. Decisions of time run on a clock the test moves.
 */
class AnnouncerTest {

    private static final Announcer.Backoff QUICK = new Announcer.Backoff(Duration.ofMillis(20), Duration.ofMillis(100));

    private TestReceiver receiver;
    private final Timeline timeline = new Timeline();

    @BeforeEach
    void start() throws Exception {
        receiver = TestReceiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private NotifierSettings webhook(TestReceiver r, Duration timeout, int maxAttempts, boolean drills) {
        return new NotifierSettings("webhook", r.url("/hook"), "hook-secret", null, null, List.of(), timeout, maxAttempts,
                Duration.ofMinutes(15), 0.2, drills);
    }

    private NotifierSettings webhook() {
        return webhook(receiver, Duration.ofSeconds(2), 3, false);
    }

    private Announcer announcer(Map<String, NotifierSettings> notifiers, Clock clock, Duration closeWait) {
        return new Announcer(notifiers, timeline, clock, closeWait, QUICK);
    }

    private Announcer announcer(NotifierSettings settings, Clock clock) {
        return announcer(Map.of("hooks", settings), clock, Duration.ofSeconds(10));
    }

    @Test
    void updatesArriveInOrderWithTheirContent() throws Exception {
        List<StatusUpdate> sent = List.of(update().build(), update().dashboardsBack().build(),
                update().dashboardsBack().clicksFailed("disk full").build(),
                update().dashboardsBack().clicksFailed("disk full").event(Event.CANCELLED).build());
        try (Announcer a = announcer(webhook(), Clock.systemUTC())) {
            a.started(sent.get(0));
            a.stageRecovered(sent.get(1));
            a.failed(sent.get(2));
            a.finished(sent.get(3));
        }

        List<Request> r = receiver.take(4);
        assertThat(r).extracting(x -> x.header("X-Rehearsal-Event"))
                .containsExactly("STARTED", "STAGE_RECOVERED", "FAILED", "CANCELLED");
        List<Event> events = List.of(Event.STARTED, Event.STAGE_RECOVERED, Event.FAILED, Event.CANCELLED);
        for (int i = 0; i < 4; i++) {
            assertThat(Json.MAPPER.readValue(r.get(i).body(), StatusUpdate.class))
                    .isEqualTo(sent.get(i).withEvent(events.get(i)));
        }
        assertThat(r).extracting(x -> x.header("X-Rehearsal-Delivery")).doesNotHaveDuplicates();

        List<Attempt> attempts = timeline.attempts();
        assertThat(attempts).extracting(Attempt::event).containsExactlyElementsOf(events);
        assertThat(attempts).allSatisfy(at -> {
            assertThat(at.notifier()).isEqualTo("hooks");
            assertThat(at.type()).isEqualTo("webhook");
            assertThat(at.attempt()).isEqualTo(1);
            assertThat(at.httpStatus()).isEqualTo(200);
            assertThat(at.error()).isNull();
            assertThat(at.last()).isTrue();
            assertThat(at.duration()).isNotNull();
        });
        assertThat(attempts).extracting(Attempt::deliveryId)
                .containsExactlyElementsOf(r.stream().map(x -> x.header("X-Rehearsal-Delivery")).toList());
        assertThat(attempts.get(1).etaSeconds()).isEqualTo(1800.0);
    }

    @Test
    void aReceiverThatFailsTwiceIsRetriedAndEveryAttemptIsReported() throws Exception {
        receiver.answer(Answer.of(500, "try later"), Answer.of(502), Answer.of(200));
        try (Announcer a = announcer(webhook(receiver, Duration.ofSeconds(2), 5, false), Clock.systemUTC())) {
            a.started(update().eta(3600).build());
        }

        List<Request> r = receiver.take(3);
        assertThat(r).extracting(x -> x.header("X-Rehearsal-Delivery")).as("the same delivery in each attempt")
                .containsOnly(r.get(0).header("X-Rehearsal-Delivery"));
        assertThat(r).extracting(Request::text).as("the same update in each attempt").containsOnly(r.get(0).text());
        assertThat(receiver.rest()).isEmpty();

        List<Attempt> attempts = timeline.attempts();
        assertThat(attempts).extracting(Attempt::attempt).containsExactly(1, 2, 3);
        assertThat(attempts).extracting(Attempt::httpStatus).containsExactly(500, 502, 200);
        assertThat(attempts).extracting(Attempt::last).containsExactly(false, false, true);
        assertThat(attempts).extracting(Attempt::error).containsExactly(
                "HTTP 500 from " + receiver.host() + ": try later", "HTTP 502 from " + receiver.host(), null);
        assertThat(attempts).extracting(Attempt::etaSeconds).containsOnly(3600.0);
        assertThat(attempts).extracting(Attempt::deliveryId).containsOnly(r.get(0).header("X-Rehearsal-Delivery"));
    }

    @Test
    void attemptsStopAtTheMaximumAndARefusalIsNotRetried() throws Exception {
        receiver.otherwise(Answer.of(503));
        try (Announcer a = announcer(webhook(receiver, Duration.ofSeconds(2), 3, false), Clock.systemUTC())) {
            a.started(update().build());
        }
        assertThat(timeline.attempts()).extracting(Attempt::attempt, Attempt::last).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, false), org.assertj.core.groups.Tuple.tuple(2, false),
                org.assertj.core.groups.Tuple.tuple(3, true));
        assertThat(receiver.take(3)).hasSize(3);
        assertThat(receiver.rest()).isEmpty();

        receiver.otherwise(Answer.of(401, "bad signature"));
        Timeline second = new Timeline();
        try (Announcer a = new Announcer(Map.of("hooks", webhook()), second, Clock.systemUTC(), Duration.ofSeconds(10),
                QUICK)) {
            a.started(update().build());
        }
        assertThat(second.attempts()).singleElement().satisfies(at -> {
            assertThat(at.httpStatus()).isEqualTo(401);
            assertThat(at.last()).isTrue();
            assertThat(at.error()).isEqualTo("HTTP 401 from " + receiver.host() + ": bad signature");
        });
    }

    @Test
    void aHangingReceiverNeverDelaysTheCallerAndItsAttemptsEndAsTimeouts() throws Exception {
        receiver.otherwise(Answer.hang(Duration.ofSeconds(5)));
        TestClock clock = new TestClock(START);
        Announcer a = announcer(Map.of("hooks", webhook(receiver, Duration.ofMillis(300), 2, false)), clock,
                Duration.ofMillis(500));
        try {
            long t0 = System.nanoTime();
            a.started(update().build());
            assertThat(millisSince(t0)).as("started() returns at once").isLessThan(200);
            receiver.take();
            for (int i = 1; i <= 20; i++) {
                clock.advance(Duration.ofMinutes(1));
                long t = System.nanoTime();
                a.progress(update().elapsed(Duration.ofMinutes(i)).eta(3600.0 * i).build());
                assertThat(millisSince(t)).as("progress() returns at once while the receiver hangs").isLessThan(200);
            }
            long t = System.nanoTime();
            a.finished(update().allBack().event(Event.FINISHED).build());
            assertThat(millisSince(t)).as("finished() returns at once").isLessThan(200);

            List<Attempt> started = timeline.await(2, at -> at.event() == Event.STARTED);
            assertThat(started).extracting(Attempt::error).containsOnly(
                    "timed out after 300 ms waiting for " + receiver.host());
            assertThat(started).extracting(Attempt::httpStatus).containsOnlyNulls();
            assertThat(started).extracting(Attempt::last).containsExactly(false, true);
            assertThat(started).allSatisfy(at -> assertThat(at.duration())
                    .isBetween(Duration.ofMillis(250), Duration.ofSeconds(2)));
        } finally {
            a.close();
        }
    }

    @Test
    void closeGivesUpOnWhatIsStillInFlightAfterItsWait() throws Exception {
        receiver.otherwise(Answer.hang(Duration.ofSeconds(10)));
        Announcer a = announcer(Map.of("hooks", webhook(receiver, Duration.ofSeconds(8), 1, false)), Clock.systemUTC(),
                Duration.ofMillis(300));
        a.started(update().build());
        receiver.take();
        a.finished(update().allBack().event(Event.FINISHED).build());

        long t0 = System.nanoTime();
        a.close();
        assertThat(millisSince(t0)).as("close() waits its 300 ms, and not for the receiver").isBetween(250L, 2000L);

        assertThat(timeline.attempts()).extracting(Attempt::event, Attempt::attempt, Attempt::error, Attempt::last)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Event.STARTED, 1,
                                "abandoned: the announcer closed before " + receiver.host() + " answered", true),
                        org.assertj.core.groups.Tuple.tuple(Event.FINISHED, 1,
                                "not sent: the announcer closed before its turn", true));
        assertThat(timeline.attempts().get(1).duration()).as("no request was made").isNull();
    }

    @Test
    void drillsGoOnlyToReceiversThatAskForThem() throws Exception {
        try (TestReceiver drills = TestReceiver.start()) {
            Map<String, NotifierSettings> notifiers = new LinkedHashMap<>();
            notifiers.put("incidents-only", webhook());
            notifiers.put("drills-too", webhook(drills, Duration.ofSeconds(2), 1, true));
            try (Announcer a = announcer(notifiers, Clock.systemUTC(), Duration.ofSeconds(10))) {
                a.started(update().mode(Mode.DRILL).build());
                a.finished(update().mode(Mode.DRILL).allBack().event(Event.FINISHED).build());
            }
            try (Announcer a = announcer(notifiers, Clock.systemUTC(), Duration.ofSeconds(10))) {
                a.started(update().runId("run-2").build());
            }

            assertThat(drills.take(3)).extracting(x -> x.header("X-Rehearsal-Event"))
                    .containsExactly("STARTED", "FINISHED", "STARTED");
            assertThat(drills.rest()).isEmpty();
            Request incident = receiver.take();
            assertThat(Json.MAPPER.readValue(incident.body(), StatusUpdate.class).runId()).isEqualTo("run-2");
            assertThat(receiver.rest()).as("the incidents-only receiver got no drill update").isEmpty();
        }
    }

    @Test
    void progressIsSentWhenTheIntervalHasPassed() throws Exception {
        TestClock clock = new TestClock(START);
        try (Announcer a = announcer(webhook(), clock)) {
            a.started(update().build());
            clock.advance(Duration.ofSeconds(1));
            a.progress(update().elapsed(Duration.ofSeconds(1)).build());
            clock.set(START.plus(Duration.ofMinutes(15)).minusSeconds(1));
            a.progress(update().elapsed(Duration.ofMinutes(14)).build());
            clock.set(START.plus(Duration.ofMinutes(15)));
            a.progress(update().elapsed(Duration.ofMinutes(15)).build());
            clock.advance(Duration.ofSeconds(1));
            a.progress(update().build());
            clock.advance(Duration.ofMinutes(15).minusSeconds(2));
            a.progress(update().build());
            clock.advance(Duration.ofSeconds(1));
            a.progress(update().elapsed(Duration.ofMinutes(30)).build());
        }

        List<Request> r = receiver.take(3);
        assertThat(r).extracting(x -> x.header("X-Rehearsal-Event")).containsExactly("STARTED", "PROGRESS", "PROGRESS");
        assertThat(r).extracting(x -> Json.MAPPER.readValue(x.body(), StatusUpdate.class).elapsedSeconds())
                .containsExactly(0.0, 900.0, 1800.0);
        assertThat(receiver.rest()).isEmpty();
    }

    /** An hour between periodic updates, so that only the estimate's moves send one. */
    private NotifierSettings hourly() {
        return new NotifierSettings("webhook", receiver.url("/hook"), "hook-secret", null, null, List.of(),
                Duration.ofSeconds(2), 3, Duration.ofHours(1), 0.2, false);
    }

    @Test
    void progressIsSentWhenTheExpectedEndMoves() throws Exception {
        TestClock clock = new TestClock(START);
        try (Announcer a = announcer(hourly(), clock)) {
            a.started(update().build());
            // The first estimate: news.
            clock.advance(Duration.ofMinutes(1));
            a.progress(update().eta(3600).build());
            // Ten minutes on, ten minutes less: the end has not moved.
            clock.advance(Duration.ofMinutes(10));
            a.progress(update().eta(3000).build());
            // The end moved by 700 s, under 20 % of 3600 s.
            clock.advance(Duration.ofMinutes(10));
            a.progress(update().eta(2400 + 700).build());
            // By 1000 s: over.
            clock.advance(Duration.ofMinutes(1));
            a.progress(update().eta(2340 + 1000).build());
            // From 3340 s at minute 22: at minute 23, 3280 s is on course.
            clock.advance(Duration.ofMinutes(1));
            a.progress(update().eta(3280).build());
            // 667 s off, under 20 % of 3340 s.
            a.progress(update().eta(3280 - 667).build());
        }

        List<Request> r = receiver.take(3);
        assertThat(r).extracting(x -> x.header("X-Rehearsal-Event")).containsExactly("STARTED", "ETA_CHANGED", "ETA_CHANGED");
        assertThat(r).extracting(x -> Json.MAPPER.readValue(x.body(), StatusUpdate.class).eta())
                .extracting(eta -> eta == null ? null : eta.remainingSeconds())
                .containsExactly(null, 3600.0, 3340.0);
        assertThat(receiver.rest()).isEmpty();
    }

    @Test
    void aSmallEstimateMovesByAtLeastTheShareOfFiveMinutes() throws Exception {
        TestClock clock = new TestClock(START);
        try (Announcer a = announcer(hourly(), clock)) {
            a.started(update().eta(60).build());
            clock.advance(Duration.ofSeconds(10));
            // 50 s expected; 100 s is 50 s off: more than 20 % of 60 s, less than 20 % of 300 s.
            a.progress(update().eta(100).build());
            // 110 s is 60.5 s off at 10.5 s: just over.
            clock.advance(Duration.ofMillis(500));
            a.progress(update().eta(110).build());
        }

        List<Request> r = receiver.take(2);
        assertThat(r).extracting(x -> x.header("X-Rehearsal-Event")).containsExactly("STARTED", "ETA_CHANGED");
        assertThat(Json.MAPPER.readValue(r.get(1).body(), StatusUpdate.class).eta().remainingSeconds())
                .as("the 100 s estimate was noise; the 110 s one was news").isEqualTo(110.0);
        assertThat(receiver.rest()).isEmpty();
    }

    @Test
    void aReceiverFarBehindLosesItsOldestPeriodicUpdatesAndTheDropIsReported() throws Exception {
        receiver.answer(Answer.hang(Duration.ofSeconds(10)));
        TestClock clock = new TestClock(START);
        Announcer a = announcer(Map.of("hooks", webhook(receiver, Duration.ofSeconds(8), 1, false)), clock,
                Duration.ofMillis(300));
        a.started(update().build());
        receiver.take();
        for (int i = 0; i < Announcer.QUEUE + 5; i++) {
            clock.advance(Duration.ofMinutes(15));
            a.progress(update().build());
        }
        a.finished(update().allBack().event(Event.FINISHED).build());
        a.close();

        List<Attempt> attempts = timeline.attempts();
        List<Attempt> dropped = attempts.stream().filter(x -> x.error() != null && x.error().contains("behind")).toList();
        assertThat(dropped).hasSize(6).allSatisfy(x -> {
            assertThat(x.event()).isEqualTo(Event.PROGRESS);
            assertThat(x.duration()).isNull();
            assertThat(x.last()).isTrue();
        });
        assertThat(dropped.get(0).error()).isEqualTo("not sent: hooks is 32 updates behind, and newer ones hold its state");
        assertThat(attempts).filteredOn(x -> x.event() == Event.FINISHED).as("the end is not dropped").hasSize(1);
        assertThat(attempts).hasSize(1 + Announcer.QUEUE + 5 + 1);
    }

    @Test
    void timelineReportsNeverOverlap() throws Exception {
        try (TestReceiver other = TestReceiver.start()) {
            Map<String, NotifierSettings> notifiers = new LinkedHashMap<>();
            notifiers.put("a", webhook());
            notifiers.put("b", webhook(other, Duration.ofSeconds(2), 1, false));
            notifiers.put("c", webhook(other, Duration.ofSeconds(2), 1, false));
            try (Announcer a = announcer(notifiers, Clock.systemUTC(), Duration.ofSeconds(10))) {
                for (int i = 0; i < 10; i++) {
                    a.stageRecovered(update().dashboardsBack().build());
                }
            }
        }
        assertThat(timeline.attempts()).hasSize(30);
        assertThat(timeline.overlapped()).isFalse();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
