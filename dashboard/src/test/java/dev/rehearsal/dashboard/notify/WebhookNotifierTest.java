package dev.rehearsal.dashboard.notify;

import static dev.rehearsal.dashboard.notify.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.dashboard.notify.StatusUpdate.Event;
import dev.rehearsal.dashboard.notify.TestReceiver.Request;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook as a receiver sees it: headers, body, and a signature it can check on its own. */
class WebhookNotifierTest {

    private static final String SECRET = "a-shared-secret";
    private static final Instant NOW = Instant.parse("2026-12-07T07:51:00Z");

    private TestReceiver receiver;
    private WebhookNotifier notifier;

    @BeforeEach
    void start() throws Exception {
        receiver = TestReceiver.start();
        NotifierSettings settings = new NotifierSettings("webhook", receiver.url("/hooks/rehearsal"), SECRET, null, null,
                List.of(), Duration.ofSeconds(2), 1, Duration.ofMinutes(15), 0.2, false);
        notifier = new WebhookNotifier(settings, HttpClient.newHttpClient(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void theUpdateArrivesAsSignedJsonWithItsHeaders() throws Exception {
        StatusUpdate u = update().dashboardsBack().event(Event.STAGE_RECOVERED).build();
        Delivery delivery = Delivery.of(u);

        assertThat(notifier.send(delivery)).isEqualTo(200);

        Request r = receiver.take();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/hooks/rehearsal");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("X-Rehearsal-Timestamp")).isEqualTo("1796629860");
        assertThat(r.header("X-Rehearsal-Event")).isEqualTo("STAGE_RECOVERED");
        assertThat(r.header("X-Rehearsal-Delivery")).isEqualTo(delivery.id());
        assertThat(r.text()).startsWith("{\"schemaVersion\":1,\"runId\":\"run-1\",\"plan\":\"checkout\"");
        assertThat(Json.MAPPER.readValue(r.body(), StatusUpdate.class)).as("the body reads back as the update").isEqualTo(u);
    }

    @Test
    void theSignatureVerifiesWithAnIndependentHmacAndNotAfterAnyChange() throws Exception {
        notifier.send(Delivery.of(update().dashboardsBack().build()));

        Request r = receiver.take();
        String timestamp = r.header("X-Rehearsal-Timestamp");
        String signature = r.header("X-Rehearsal-Signature");
        assertThat(signature).isEqualTo("sha256=" + hmac(SECRET, timestamp, r.body()));

        byte[] changed = r.body().clone();
        changed[changed.length / 2] ^= 1;
        assertThat(signature).as("one bit changed in the body").isNotEqualTo("sha256=" + hmac(SECRET, timestamp, changed));
        assertThat(signature).as("another timestamp")
                .isNotEqualTo("sha256=" + hmac(SECRET, Long.toString(Long.parseLong(timestamp) + 1), r.body()));
        assertThat(signature).as("another secret").isNotEqualTo("sha256=" + hmac("b-shared-secret", timestamp, r.body()));
    }

    /** The vector in docs/NOTIFICATIONS.md, computed there with openssl. */
    @Test
    void theSignatureMatchesTheDocumentedVector() {
        assertThat(WebhookNotifier.signature(SECRET, "1796629860", "{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("8aebba8c58ca5dac22004b6f9a46002888a4054c30266dee453cbf5f6c8d8fbf");
    }

    /** The receiver's side, written from the document: HMAC-SHA256, key the secret, message "timestamp.body". */
    private static String hmac(String secret, String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] message = new byte[timestamp.length() + 1 + body.length];
        System.arraycopy(timestamp.getBytes(StandardCharsets.US_ASCII), 0, message, 0, timestamp.length());
        message[timestamp.length()] = '.';
        System.arraycopy(body, 0, message, timestamp.length() + 1, body.length);
        return HexFormat.of().formatHex(mac.doFinal(message));
    }
}
