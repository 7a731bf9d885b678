package dev.rehearsal.dashboard.notify;

import static dev.rehearsal.dashboard.notify.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rehearsal.dashboard.notify.StatusUpdate.Event;
import dev.rehearsal.dashboard.notify.TestReceiver.Answer;
import dev.rehearsal.dashboard.notify.TestReceiver.Request;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A Slack incoming-webhook message: the update's text, escaped as Slack wants. */
class SlackNotifierTest {

    private TestReceiver receiver;
    private SlackNotifier notifier;

    @BeforeEach
    void start() throws Exception {
        receiver = TestReceiver.start();
        NotifierSettings settings = new NotifierSettings("slack", receiver.url("/services/T000/B000/XXXXTOKEN"), null,
                null, null, List.of(), Duration.ofSeconds(2), 1, Duration.ofMinutes(15), 0.2, false);
        notifier = new SlackNotifier(settings, HttpClient.newHttpClient());
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void theMessageIsTheTextAlone() throws Exception {
        StatusUpdate u = update().dashboardsBack().clicksFailed("sink refused <orders> & more").event(Event.FAILED).build();

        assertThat(notifier.send(Delivery.of(u))).isEqualTo(200);

        Request r = receiver.take();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/services/T000/B000/XXXXTOKEN");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        JsonNode json = Json.MAPPER.readTree(r.body());
        assertThat(json.properties()).extracting(Map.Entry::getKey).containsExactly("text");
        String text = json.get("text").asString();
        assertThat(text).isEqualTo(u.text().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
        assertThat(text).contains("- events/clicks: sink refused &lt;orders&gt; &amp; more");
    }

    @Test
    void aRefusalNamesTheHostAndNeverTheTokenInTheUrl() throws Exception {
        receiver.answer(Answer.of(403, "invalid_token"));

        DeliveryException e = catchThrowableOfType(DeliveryException.class,
                () -> notifier.send(Delivery.of(update().build())));

        assertThat(e.getMessage()).isEqualTo("HTTP 403 from " + receiver.host() + ": invalid_token");
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.retryable()).as("a 403 stays a 403").isFalse();
    }
}
