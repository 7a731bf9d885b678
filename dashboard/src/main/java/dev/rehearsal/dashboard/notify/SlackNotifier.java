package dev.rehearsal.dashboard.notify;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.Map;

/**
 * Posts {@link StatusUpdate#text()} to a Slack incoming webhook (or anything that takes the same
 * {@code {"text": ...}} body, as Mattermost and Rocket.Chat do). The URL holds Slack's token, so it
 * is never written out; errors name its host only.
 */
public final class SlackNotifier implements Notifier {

    private final NotifierSettings settings;
    private final Http http;

    public SlackNotifier(NotifierSettings settings, HttpClient client) {
        this.settings = settings;
        this.http = new Http(client, settings);
    }

    @Override
    public int send(Delivery delivery) throws DeliveryException, InterruptedException {
        HttpRequest request = http.request(settings.url())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(delivery.update())))
                .build();
        return http.exchange(request).statusCode();
    }

    /** {@code {"text": ...}}: the text with Slack's three control characters escaped. */
    public static byte[] body(StatusUpdate update) {
        return Json.MAPPER.writeValueAsBytes(Map.of("text", escape(update.text())));
    }

    /** Slack reads {@code <...>} as a link or mention and {@code &} as an entity; a table's error may hold them. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
