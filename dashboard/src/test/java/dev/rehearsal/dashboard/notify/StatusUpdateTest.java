package dev.rehearsal.dashboard.notify;

import static dev.rehearsal.dashboard.notify.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.dashboard.notify.StatusUpdate.Event;
import dev.rehearsal.dashboard.notify.StatusUpdate.Mode;
import dev.rehearsal.dashboard.notify.StatusUpdate.State;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The text people read and the JSON receivers parse, from the same update. */
class StatusUpdateTest {

    @Test
    void theTextSaysWhatIsBackWhatIsNextTheEstimateAndWhatToReplay() {
        String text = update().dashboardsBack().event(Event.STAGE_RECOVERED).build().text();

        assertThat(text).isEqualTo("""
                Recovery plan 'checkout': 'dashboards' is back.
                Started 2026-12-07 07:10 UTC by alice (run run-1); elapsed: 41 min.

                - dashboards: back after 41 min (objective 1 h: met)
                - processing: recovering, 0 of 1 tables back; about 30 min to go (between 21 min and 45 min), \
                on track for its objective of 2 h

                Whole plan: about 30 min to go (between 21 min and 45 min), done around 2026-12-07 08:21 UTC. \
                The estimate rests on measured rates of 1 running table and 12 drills.

                Data written after 2026-12-07 03:00 UTC (4 h 10 min before the start) must be replayed for \
                orders-db/orders, orders-db/customers.
                Data written after 2026-12-07 06:40 UTC (30 min before the start) must be replayed for events/clicks.""");
    }

    @Test
    void aStageBehindItsObjectiveIsSaidToBe() {
        String text = update().dashboardsBack().elapsed(Duration.ofMinutes(100)).eta(1800).build().text();

        assertThat(text).contains("- processing: recovering, 0 of 1 tables back; about 30 min to go"
                + " (between 21 min and 45 min), expected 10 min past its objective of 2 h");
    }

    @Test
    void aPendingStageShowsItsForecastFromTheStart() {
        String text = update().event(Event.STARTED).build().text();

        assertThat(text).startsWith("Recovery plan 'checkout': started.\n")
                .contains("- dashboards: next; forecast at the start: back 40 min after the start"
                        + " (between 30 min and 50 min), objective 1 h")
                .contains("Whole plan: no estimate yet.")
                .doesNotContain("about");
    }

    @Test
    void failuresAreNamedWithTheirError() {
        String text = update().dashboardsBack().clicksFailed("sink refused: disk full").event(Event.FAILED).build().text();

        assertThat(text).contains("- processing: FAILED, 0 of 1 tables back")
                .endsWith("Failed:\n- events/clicks: sink refused: disk full");
    }

    @Test
    void aDrillSaysProductionIsNotTouched() {
        String text = update().mode(Mode.DRILL).event(Event.STARTED).build().text();

        assertThat(text).startsWith("Drill of recovery plan 'checkout' (into the sandbox; production is not touched): started.");
    }

    @Test
    void theEndSaysHowLongItTookOrWhatIsNotBack() {
        assertThat(update().allBack().event(Event.FINISHED).build().text())
                .startsWith("Recovery plan 'checkout': finished; every stage is back after 1 h 35 min.")
                .contains("- processing: back after 1 h 35 min (objective 2 h: met)")
                .contains("Every stage is back.");
        assertThat(update().dashboardsBack().processing(State.CANCELLED).event(Event.CANCELLED).build().text())
                .startsWith("Recovery plan 'checkout': cancelled after 41 min; what is not back stays down.")
                .contains("Not back: processing.");
    }

    @Test
    void theJsonStartsWithItsVersionAndWritesTimesAsIsoInstants() {
        StatusUpdate u = update().dashboardsBack().event(Event.STAGE_RECOVERED).build();
        JsonNode json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(u));

        assertThat(names(json)).containsExactly("schemaVersion", "runId", "plan", "mode", "event", "startedAt", "at",
                "elapsedSeconds", "startedBy", "summary", "eta", "stages", "tables");
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.get("mode").asString()).isEqualTo("INCIDENT");
        assertThat(json.get("event").asString()).isEqualTo("STAGE_RECOVERED");
        assertThat(json.get("startedAt").asString()).isEqualTo("2026-12-07T07:10:00Z");
        assertThat(json.get("at").asString()).isEqualTo("2026-12-07T07:51:00Z");
        assertThat(json.get("elapsedSeconds").asDouble()).isEqualTo(2460.0);
        assertThat(json.get("summary").isNull()).as("an unknown value is written as null").isTrue();
        assertThat(json.get("eta").get("remainingSeconds").asDouble()).isEqualTo(1800.0);
        assertThat(json.get("stages").get(0).get("recoveredAfterSeconds").asDouble()).isEqualTo(2460.0);
        assertThat(json.get("tables").get(0).get("backupTakenAt").asString()).isEqualTo("2026-12-07T03:00:00Z");
        assertThat(json.get("tables").get(2).get("items").isNull()).isTrue();
    }

    static List<String> names(JsonNode node) {
        return node.properties().stream().map(Map.Entry::getKey).toList();
    }
}
