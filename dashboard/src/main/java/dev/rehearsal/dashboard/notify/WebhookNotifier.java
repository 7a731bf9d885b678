package dev.rehearsal.dashboard.notify;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs the update as JSON (docs/NOTIFICATIONS.md), signed with the shared secret:
 * {@code X-Rehearsal-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">}, the timestamp
 * being {@code X-Rehearsal-Timestamp} in epoch seconds. Each attempt is signed anew at its own
 * time, so a retry is not refused as old; the delivery id stays the same.
 */
public final class WebhookNotifier implements Notifier {

    private final NotifierSettings settings;
    private final Http http;
    private final Clock clock;

    public WebhookNotifier(NotifierSettings settings, HttpClient client, Clock clock) {
        this.settings = settings;
        this.http = new Http(client, settings);
        this.clock = clock;
    }

    @Override
    public int send(Delivery delivery) throws DeliveryException, InterruptedException {
        byte[] body = body(delivery.update());
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest request = http.request(settings.url())
                .header("Content-Type", "application/json")
                .header("X-Rehearsal-Timestamp", timestamp)
                .header("X-Rehearsal-Signature", "sha256=" + signature(settings.secret(), timestamp, body))
                .header("X-Rehearsal-Event", delivery.update().event().name())
                .header("X-Rehearsal-Delivery", delivery.id())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.exchange(request).statusCode();
    }

    /** The JSON body: the update as it is, {@code schemaVersion} first. */
    public static byte[] body(StatusUpdate update) {
        return Json.MAPPER.writeValueAsBytes(update);
    }

    /** The hex HMAC-SHA256, with the secret's UTF-8 bytes as key, of {@code "<timestamp>.<body>"}. */
    public static String signature(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
