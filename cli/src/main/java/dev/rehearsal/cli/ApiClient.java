package dev.rehearsal.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The daemon's API over HTTP with the JDK's client. Each request carries its own {@code X-Request-Id},
 * so that an error can name the request the daemon's audit log and log name. An error answer is read
 * as the API's problem document, and its {@code detail} becomes the command's message.
 */
final class ApiClient {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CONNECT = Duration.ofSeconds(10);
    private static final Duration ANSWER = Duration.ofSeconds(60);

    private final URI server;
    private final String token;
    private final HttpClient http;

    ApiClient(URI server, String token) {
        this.server = server;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    URI server() {
        return server;
    }

    JsonNode get(String path) {
        return json(send("GET", path, null, "application/json"));
    }

    /** A document as text: a report in Markdown, or a JSON document printed as the server wrote it. */
    String text(String path, String accept) {
        return send("GET", path, null, accept).body();
    }

    /** A document as bytes with the server's suggested file name (Content-Disposition), if it gave one. */
    record Download(byte[] body, String fileName) {
    }

    Download download(String path) {
        HttpRequest request = request(path, "GET", null).header("Accept", "application/json").build();
        HttpResponse<byte[]> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliError(ExitCode.INTERRUPTED, "interrupted waiting for " + server);
        }
        if (r.statusCode() >= 400) {
            throw problem(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), request);
        }
        String name = r.headers().firstValue("Content-Disposition").map(ApiClient::fileName).orElse(null);
        return new Download(r.body(), name);
    }

    /** The file name of a Content-Disposition header, reduced to a plain name (no directory). */
    private static String fileName(String disposition) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("filename=\"?([^\";]+)\"?").matcher(disposition);
        if (!m.find()) {
            return null;
        }
        String name = m.group(1).replaceAll(".*[/\\\\]", "");
        return name.isBlank() || name.startsWith(".") ? null : name;
    }

    JsonNode post(String path, Object body) {
        return json(send("POST", path, JSON.writeValueAsString(body), "application/json"));
    }

    JsonNode delete(String path) {
        return json(send("DELETE", path, null, "application/json"));
    }

    /** A path with its query, each value encoded; null values are left out. */
    static String path(String path, Map<String, Object> query) {
        StringBuilder b = new StringBuilder(path);
        char sep = '?';
        for (Map.Entry<String, Object> e : query.entrySet()) {
            if (e.getValue() != null) {
                b.append(sep).append(e.getKey()).append('=')
                        .append(URLEncoder.encode(e.getValue().toString(), StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return b.toString();
    }

    static Map<String, Object> query(Object... keysAndValues) {
        Map<String, Object> q = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            q.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return q;
    }

    /** One server-sent event: its name and its data as JSON. */
    record Event(String name, JsonNode data) {
    }

    /** Receives the events of a stream as they come. */
    interface Events {
        void on(Event event);
    }

    /**
     * Reads a server-sent event stream until it ends, handing each event over as it arrives.
     * Returns normally when the server ends the stream.
     */
    void stream(String path, Events events) {
        HttpRequest request = request(path, "GET", null).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliError(ExitCode.INTERRUPTED, "interrupted while connecting to " + server);
        }
        if (r.statusCode() >= 400) {
            String body;
            try (InputStream in = r.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            throw problem(r.statusCode(), body, request);
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.on(new Event(name == null ? "message" : name, JSON.readTree(data.toString())));
                    }
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = field(line, 6);
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(field(line, 5));
                }
                // "id:", "retry:" and ":" comments carry nothing this client needs.
            }
        } catch (IOException e) {
            throw new CliError(ExitCode.UNREACHABLE, "the event stream " + path + " from " + server + " broke off: "
                    + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new CliError(ExitCode.SERVER_ERROR, "the event stream " + path + " sent data that is not JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static String field(String line, int from) {
        String v = line.substring(from);
        return v.startsWith(" ") ? v.substring(1) : v;
    }

    private HttpResponse<String> send(String method, String path, String body, String accept) {
        HttpRequest.Builder b = request(path, method, body).header("Accept", accept);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpRequest request = b.build();
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliError(ExitCode.INTERRUPTED, "interrupted waiting for " + server);
        }
        if (r.statusCode() >= 400) {
            throw problem(r.statusCode(), r.body(), request);
        }
        return r;
    }

    private HttpRequest.Builder request(String path, String method, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.resolve(path)).timeout(ANSWER)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("X-Request-Id", "cli-" + UUID.randomUUID())
                .header("User-Agent", "rehearsal-cli");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private JsonNode json(HttpResponse<String> r) {
        if (r.body() == null || r.body().isBlank()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(r.body());
        } catch (JacksonException e) {
            throw new CliError(ExitCode.SERVER_ERROR, "the answer from " + r.request().uri() + " (HTTP " + r.statusCode()
                    + ") is not JSON; is " + server + " a Rehearsal server?", e);
        }
    }

    /** The API's problem document as one line: its detail, the status, and the request's id. */
    private CliError problem(int status, String body, HttpRequest request) {
        String detail = null;
        String requestId = request.headers().firstValue("X-Request-Id").orElse(null);
        try {
            JsonNode p = JSON.readTree(body == null ? "" : body);
            if (p != null && p.isObject()) {
                detail = text(p, "detail");
                if (detail == null) {
                    detail = text(p, "title");
                }
                if (text(p, "requestId") != null) {
                    requestId = text(p, "requestId");
                }
            }
        } catch (JacksonException notAProblemDocument) {
            // Not from the API (a proxy in front of it, say): the status says what there is to say.
        }
        String what = request.method() + " " + request.uri().getRawPath();
        String message = (detail != null ? detail : what + " answered HTTP " + status + " without a problem document")
                + " (HTTP " + status + (requestId != null ? ", request " + requestId : "") + ")";
        if (status == 401 && token == null) {
            message += "; run 'rehearsal login' or set " + Credentials.TOKEN_ENV;
        }
        return new CliError(ExitCode.ofHttpStatus(status), message);
    }

    private CliError unreachable(IOException e) {
        String why = e instanceof ConnectException ? "nothing answers there"
                : e instanceof HttpConnectTimeoutException ? "the connection timed out after " + CONNECT.toSeconds() + " s"
                : e instanceof HttpTimeoutException ? "no answer within " + ANSWER.toSeconds() + " s"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new CliError(ExitCode.UNREACHABLE, "cannot reach the Rehearsal server at " + server + ": " + why
                + " (check --server or " + Credentials.SERVER_ENV + ")", e);
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
