package dev.rehearsal.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the API tests: real requests to the daemon on loopback. */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    record Response(int status, String body, HttpResponse<String> raw) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** The id this client gave the request (each request gets its own). */
        String requestId() {
            return raw.request().headers().firstValue("X-Request-Id").orElseThrow();
        }

        /** Whether the daemon itself answered (it echoes the request's id), not the servlet container before it. */
        boolean reachedDaemon() {
            return requestId().equals(header("X-Request-Id"));
        }

        /** Asserts an RFC 9457 problem document with this status, and returns its detail. */
        String problem(int expected) {
            assertThat(status).as(body).isEqualTo(expected);
            assertThat(header("Content-Type")).startsWith("application/problem+json");
            JsonNode p = json();
            assertThat(p.get("status").asInt()).isEqualTo(expected);
            assertThat(p.get("title").asString()).isNotBlank();
            assertThat(p.get("requestId").asString()).isEqualTo(header("X-Request-Id")).isNotBlank();
            return p.get("detail").asString();
        }
    }

    Response get(String path, String token) throws Exception {
        return send("GET", path, token, null, null);
    }

    Response post(String path, String token, Object body) throws Exception {
        return send("POST", path, token, JSON.writeValueAsString(body), "application/json");
    }

    Response delete(String path, String token) throws Exception {
        return send("DELETE", path, token, null, null);
    }

    Response send(String method, String path, String token, String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8)));
        b.header("X-Request-Id", "t-" + java.util.UUID.randomUUID());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body(), r);
    }

    /** Polls a GET until its JSON satisfies {@code done}, for at most {@code limit}; returns the last answer. */
    JsonNode await(String path, String token, Predicate<JsonNode> done, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Response r = get(path, token);
            if (r.status() == 200) {
                last = r.json();
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("gave up waiting on " + path + "; last answer: " + last);
    }

    /** One server-sent event. */
    record Event(String name, JsonNode data) {
    }

    /** Reads a server-sent event stream to its end. */
    List<Event> events(String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build();
        HttpResponse<java.io.InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<Event> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                } else if (line.isEmpty() && name != null) {
                    events.add(new Event(name, JSON.readTree(data.toString())));
                    name = null;
                    data.setLength(0);
                }
            }
        }
        return events;
    }

    /** Every endpoint the API has, with a body for the mutating ones; {@code table} a covered table. */
    static List<String[]> endpoints(String table) {
        String body = "{\"source\":\"local\",\"table\":\"" + table + "\"}";
        return List.of(
                new String[] {"GET", "/api/v1/tables", null},
                new String[] {"GET", "/api/v1/tables/local/" + table, null},
                new String[] {"GET", "/api/v1/coverage", null},
                new String[] {"GET", "/api/v1/backups", null},
                new String[] {"GET", "/api/v1/backups/local/" + table + "/20260101T000000.000Z-00000000", null},
                new String[] {"POST", "/api/v1/backups", body},
                new String[] {"GET", "/api/v1/drills", null},
                new String[] {"POST", "/api/v1/drills", body},
                new String[] {"GET", "/api/v1/drills/20260101t000000-000000", null},
                new String[] {"GET", "/api/v1/drills/20260101t000000-000000/report.json", null},
                new String[] {"GET", "/api/v1/drills/20260101t000000-000000/report.md", null},
                new String[] {"GET", "/api/v1/drills/20260101t000000-000000/report.html", null},
                new String[] {"GET", "/api/v1/restores", null},
                new String[] {"POST", "/api/v1/restores", body},
                new String[] {"GET", "/api/v1/restores/20260101t000000-000000", null},
                new String[] {"GET", "/api/v1/restores/20260101t000000-000000/events", null},
                new String[] {"DELETE", "/api/v1/restores/20260101t000000-000000", null},
                new String[] {"GET", "/api/v1/plans", null},
                new String[] {"GET", "/api/v1/plans/nope", null},
                new String[] {"POST", "/api/v1/plans/nope/drills", "{}"},
                new String[] {"GET", "/api/v1/plans/nope/incident", null},
                new String[] {"POST", "/api/v1/plans/nope/incidents", "{}"},
                new String[] {"GET", "/api/v1/plan-runs", null},
                new String[] {"GET", "/api/v1/plan-runs/plan-20260101t000000-000000", null},
                new String[] {"GET", "/api/v1/plan-runs/plan-20260101t000000-000000/events", null},
                new String[] {"GET", "/api/v1/plan-runs/plan-20260101t000000-000000/report", null},
                new String[] {"GET", "/api/v1/plan-runs/plan-20260101t000000-000000/report.md", null},
                new String[] {"GET", "/api/v1/plan-runs/plan-20260101t000000-000000/report.html", null},
                new String[] {"DELETE", "/api/v1/plan-runs/plan-20260101t000000-000000", null},
                new String[] {"GET", "/api/v1/audit", null},
                new String[] {"GET", "/api/v1/evidence/keys", null},
                new String[] {"GET", "/api/v1/drills/20260101t000000-000000/evidence", null},
                new String[] {"GET", "/api/v1/plan-runs/plan-20260101t000000-000000/evidence", null},
                new String[] {"GET", "/api/v1/compliance?from=2026-01-01&to=2026-02-01", null},
                new String[] {"GET", "/api/v1/compliance/export?from=2026-01-01&to=2026-02-01", null},
                new String[] {"GET", "/api/v1/openapi.json", null},
                new String[] {"GET", "/actuator/info", null});
    }
}
