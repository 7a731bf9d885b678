package dev.rehearsal.dashboard.notify;

import dev.rehearsal.dashboard.notify.StatusUpdate.Event;
import dev.rehearsal.dashboard.notify.StatusUpdate.Mode;
import dev.rehearsal.dashboard.notify.StatusUpdate.Stage;
import dev.rehearsal.dashboard.notify.StatusUpdate.State;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps one Statuspage-style incident per run: the first update that gets through opens it
 * ({@code POST {url}/v1/pages/{pageId}/incidents}), the following ones update it
 * ({@code PATCH .../incidents/{id}}, the id from the first answer). The incident is
 * {@code identified} while stages are not back, {@code monitoring} once the last one is, and
 * {@code resolved} when the run finishes; a failed or cancelled run leaves it open, since what is
 * down stays down. The components are {@code major_outage} until a stage is back, then
 * {@code partial_outage}, then {@code operational}. A drill names itself one, leaves the components
 * alone and asks that subscribers not be notified.
 *
 * <p>One instance serves one run. An attempt to open the incident that timed out after the
 * receiver took it opens a second one on retry: Statuspage has no idempotency key.
 */
public final class StatuspageNotifier implements Notifier {

    private final NotifierSettings settings;
    private final Http http;
    /** The incident of {@link #runId}, once opened; written and read by the announcer's one thread for this notifier. */
    private volatile String incidentId;
    private volatile String runId;

    public StatuspageNotifier(NotifierSettings settings, HttpClient client) {
        this.settings = settings;
        this.http = new Http(client, settings);
    }

    @Override
    public int send(Delivery delivery) throws DeliveryException, InterruptedException {
        StatusUpdate update = delivery.update();
        if (!update.runId().equals(runId)) {
            runId = update.runId();
            incidentId = null;
        }
        byte[] body = Json.MAPPER.writeValueAsBytes(body(update, settings));
        String incidents = root() + "/v1/pages/" + encode(settings.pageId()) + "/incidents";
        HttpRequest.Builder request = incidentId == null
                ? http.request(URI.create(incidents)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                : http.request(URI.create(incidents + "/" + encode(incidentId)))
                        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> response = http.exchange(request
                .header("Content-Type", "application/json")
                .header("Authorization", "OAuth " + settings.apiKey())
                .build());
        if (incidentId == null) {
            incidentId = idOf(response);
        }
        return response.statusCode();
    }

    /** The incident opened for the current run, or null before one is. */
    public String incidentId() {
        return incidentId;
    }

    /** {@code {"incident": {...}}} for this update. */
    static ObjectNode body(StatusUpdate update, NotifierSettings settings) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode incident = root.putObject("incident");
        incident.put("name", (update.mode() == Mode.DRILL ? "Drill, no impact: recovery plan " : "Recovering: ")
                + update.plan());
        incident.put("status", status(update));
        incident.put("body", update.text());
        if (update.mode() == Mode.DRILL) {
            incident.put("deliver_notifications", false);
        } else if (!settings.componentIds().isEmpty()) {
            String component = componentStatus(update);
            var ids = incident.putArray("component_ids");
            ObjectNode components = incident.putObject("components");
            for (String id : settings.componentIds()) {
                ids.add(id);
                components.put(id, component);
            }
        }
        return root;
    }

    static String status(StatusUpdate update) {
        if (update.event() == Event.FINISHED) {
            return "resolved";
        }
        return allBack(update) && update.event() != Event.CANCELLED ? "monitoring" : "identified";
    }

    static String componentStatus(StatusUpdate update) {
        if (update.event() == Event.FINISHED || allBack(update)) {
            return "operational";
        }
        boolean someBack = update.stages().stream().anyMatch(s -> s.state() == State.RECOVERED);
        return someBack ? "partial_outage" : "major_outage";
    }

    private static boolean allBack(StatusUpdate update) {
        return !update.stages().isEmpty() && update.stages().stream().map(Stage::state).allMatch(State.RECOVERED::equals);
    }

    private String idOf(HttpResponse<String> response) throws DeliveryException {
        try {
            JsonNode id = Json.MAPPER.readTree(response.body()).path("id");
            if (id.isString() && !id.asString().isBlank()) {
                return id.asString();
            }
        } catch (JacksonException e) {
            // Reported below, as an answer without an id.
        }
        // Not retried: the incident was probably opened, and another attempt would open a second one.
        throw new DeliveryException("HTTP " + response.statusCode() + " from " + settings.host()
                + " without an incident id; the incident may be open without Rehearsal knowing it", response.statusCode(), false);
    }

    private String root() {
        String url = settings.url().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
