package dev.rehearsal.demo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /demo/webhook}: a receiver of the demo plan's status updates, checking them as
 * docs/NOTIFICATIONS.md asks of any receiver: the HMAC-SHA256 signature of
 * {@code "<timestamp>.<body>"} over the raw body, compared in constant time; a timestamp within
 * five minutes of now; a schema version it knows. What it takes, and what it refuses, goes to
 * {@link ReceivedUpdates} for the demo's page. Only loopback may call it (see {@link DemoWeb}).
 */
@RestController
class DemoWebhook {

    private static final Logger log = LoggerFactory.getLogger(DemoWebhook.class);
    static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final byte[] secret;
    private final ReceivedUpdates received;
    private final Clock clock;

    DemoWebhook(@Value("${rehearsal.demo.webhook-secret}") String secret, ReceivedUpdates received) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.received = received;
        this.clock = Clock.systemUTC();
    }

    @PostMapping(path = "/demo/webhook", consumes = "application/json")
    ResponseEntity<Void> receive(@RequestBody byte[] body,
            @RequestHeader(name = "X-Rehearsal-Timestamp", required = false) String timestamp,
            @RequestHeader(name = "X-Rehearsal-Signature", required = false) String signature,
            @RequestHeader(name = "X-Rehearsal-Event", required = false) String event,
            @RequestHeader(name = "X-Rehearsal-Delivery", required = false) String delivery) {
        Instant now = clock.instant();
        String refused = refusal(timestamp, signature, body, now);
        JsonNode update = null;
        if (refused == null) {
            try {
                update = JSON.readTree(body);
                if (update.path("schemaVersion").asInt(-1) != 1) {
                    refused = "unknown schemaVersion " + update.path("schemaVersion");
                }
            } catch (RuntimeException e) {
                refused = "the body is not JSON: " + e.getMessage();
            }
        }
        if (refused != null) {
            log.warn("Demo webhook: refused a {} update: {}", event, refused);
            received.add(new ReceivedUpdates.Update(now, delivery, event, null, null, null, null, null, null, false, refused));
            return ResponseEntity.status(refused.startsWith("unknown") || refused.startsWith("the body")
                    ? HttpStatus.BAD_REQUEST : HttpStatus.UNAUTHORIZED).build();
        }
        JsonNode eta = update.path("eta").path("remainingSeconds");
        received.add(new ReceivedUpdates.Update(now, delivery, text(update, "event"), text(update, "runId"),
                text(update, "plan"), text(update, "mode"), update.hasNonNull("at") ? Instant.parse(text(update, "at")) : null,
                text(update, "summary"), eta.isNumber() ? eta.asDouble() : null, true, null));
        return ResponseEntity.noContent().build();
    }

    /** Why the delivery is not to be trusted, or null: the checks every receiver must make, in order. */
    String refusal(String timestamp, String signature, byte[] body, Instant now) {
        if (timestamp == null || signature == null) {
            return "no X-Rehearsal-Timestamp or X-Rehearsal-Signature header";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return "X-Rehearsal-Timestamp is not a number of seconds";
        }
        if (Math.abs(now.getEpochSecond() - seconds) > MAX_AGE.toSeconds()) {
            return "the timestamp is more than " + MAX_AGE.toMinutes() + " min from now (a replayed or delayed request)";
        }
        byte[] expected = ("sha256=" + hmac(timestamp, body)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return "the signature does not match the body and timestamp";
        }
        return null;
    }

    private String hmac(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
