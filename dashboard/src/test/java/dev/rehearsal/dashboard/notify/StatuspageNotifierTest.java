package dev.rehearsal.dashboard.notify;

import static dev.rehearsal.dashboard.notify.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.dashboard.notify.StatusUpdate.Event;
import dev.rehearsal.dashboard.notify.StatusUpdate.Mode;
import dev.rehearsal.dashboard.notify.StatusUpdate.State;
import dev.rehearsal.dashboard.notify.TestReceiver.Answer;
import dev.rehearsal.dashboard.notify.TestReceiver.Request;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** One incident along a run, through the announcer: opened once, then updated by the id it was given. */
class StatuspageNotifierTest {

    private TestReceiver receiver;
    private Timeline timeline;

    @BeforeEach
    void start() throws Exception {
        receiver = TestReceiver.start();
        timeline = new Timeline();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private Announcer announcer(boolean drills) {
        NotifierSettings settings = new NotifierSettings("statuspage", receiver.url(""), null, "sp-key", "page-1",
                List.of("c-api", "c-web"), Duration.ofSeconds(2), 3, Duration.ofMinutes(15), 0.2, drills);
        return new Announcer(Map.of("status", settings), timeline, Clock.systemUTC(), Duration.ofSeconds(10),
                new Announcer.Backoff(Duration.ofMillis(10), Duration.ofMillis(50)));
    }

    @Test
    void aRunOpensTheIncidentThenUpdatesItUntilResolved() throws Exception {
        receiver.answer(Answer.of(201, "{\"id\":\"inc-42\",\"status\":\"identified\"}"));
        StatusUpdate dashboardsBack = update().dashboardsBack().build();
        try (Announcer a = announcer(false)) {
            a.started(update().build());
            a.stageRecovered(dashboardsBack);
            a.stageRecovered(update().allBack().build());
            a.finished(update().allBack().event(Event.FINISHED).build());
        }

        List<Request> r = receiver.take(4);
        assertThat(r).extracting(Request::method).containsExactly("POST", "PATCH", "PATCH", "PATCH");
        assertThat(r).extracting(Request::path).containsExactly("/v1/pages/page-1/incidents",
                "/v1/pages/page-1/incidents/inc-42", "/v1/pages/page-1/incidents/inc-42", "/v1/pages/page-1/incidents/inc-42");
        assertThat(r).extracting(x -> x.header("Authorization")).containsOnly("OAuth sp-key");
        assertThat(r).extracting(x -> incident(x).get("status").asString())
                .containsExactly("identified", "identified", "monitoring", "resolved");
        assertThat(r).extracting(x -> incident(x).get("components").get("c-web").asString())
                .containsExactly("major_outage", "partial_outage", "operational", "operational");

        JsonNode opened = incident(r.get(0));
        assertThat(opened.get("name").asString()).isEqualTo("Recovering: checkout");
        assertThat(opened.get("component_ids")).extracting(JsonNode::asString).containsExactly("c-api", "c-web");
        assertThat(opened.get("components").get("c-api").asString()).isEqualTo("major_outage");
        assertThat(incident(r.get(1)).get("body").asString()).isEqualTo(dashboardsBack.withEvent(Event.STAGE_RECOVERED).text());
        assertThat(timeline.attempts()).hasSize(4).allMatch(Attempt::delivered);
    }

    @Test
    void aFailedOrCancelledRunLeavesTheIncidentOpenWithTheFailure() throws Exception {
        receiver.answer(Answer.of(201, "{\"id\":\"inc-7\"}"));
        try (Announcer a = announcer(false)) {
            a.started(update().build());
            a.failed(update().dashboardsBack().clicksFailed("sink refused: disk full").build());
            a.finished(update().dashboardsBack().processing(State.CANCELLED).event(Event.CANCELLED).build());
        }

        List<Request> r = receiver.take(3);
        assertThat(r).extracting(x -> incident(x).get("status").asString())
                .containsExactly("identified", "identified", "identified");
        assertThat(r).extracting(x -> incident(x).get("components").get("c-api").asString())
                .containsExactly("major_outage", "partial_outage", "partial_outage");
        assertThat(incident(r.get(1)).get("body").asString()).contains("- events/clicks: sink refused: disk full");
        assertThat(r.get(2).path()).isEqualTo("/v1/pages/page-1/incidents/inc-7");
    }

    @Test
    void aCreateThatFailsIsRetriedAsACreate() throws Exception {
        receiver.answer(Answer.of(503), Answer.of(201, "{\"id\":\"inc-9\"}"));
        try (Announcer a = announcer(false)) {
            a.started(update().build());
            a.stageRecovered(update().dashboardsBack().build());
        }

        assertThat(receiver.take(3)).extracting(Request::method, Request::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("POST", "/v1/pages/page-1/incidents"),
                org.assertj.core.groups.Tuple.tuple("POST", "/v1/pages/page-1/incidents"),
                org.assertj.core.groups.Tuple.tuple("PATCH", "/v1/pages/page-1/incidents/inc-9"));
        assertThat(timeline.attempts()).extracting(Attempt::httpStatus).containsExactly(503, 201, 200);
    }

    @Test
    void aDrillSaysSoAndLeavesTheComponentsAndSubscribersAlone() throws Exception {
        receiver.answer(Answer.of(201, "{\"id\":\"inc-1\"}"));
        try (Announcer a = announcer(true)) {
            a.started(update().mode(Mode.DRILL).build());
        }

        JsonNode incident = incident(receiver.take());
        assertThat(incident.get("name").asString()).isEqualTo("Drill, no impact: recovery plan checkout");
        assertThat(incident.has("components")).isFalse();
        assertThat(incident.has("component_ids")).isFalse();
        assertThat(incident.get("deliver_notifications").asBoolean(true)).isFalse();
    }

    @Test
    void anAnswerWithoutAnIdIsAnErrorNotRetried() throws Exception {
        receiver.answer(Answer.of(201, "{}"));
        try (Announcer a = announcer(false)) {
            a.started(update().build());
        }

        assertThat(timeline.await(1)).singleElement().satisfies(attempt -> {
            assertThat(attempt.error()).isEqualTo("HTTP 201 from " + receiver.host()
                    + " without an incident id; the incident may be open without Rehearsal knowing it");
            assertThat(attempt.last()).isTrue();
        });
        assertThat(receiver.take(1)).hasSize(1);
        assertThat(receiver.rest()).isEmpty();
    }

    private static JsonNode incident(Request r) {
        return Json.MAPPER.readTree(r.body()).get("incident");
    }
}
