package dev.rehearsal.helm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Just enough of a Kubernetes API server, on the loopback interface, for Helm to discover which API
 * versions a cluster serves and to find that none of a release's objects exist yet: what
 * {@code helm install --dry-run} asks before it renders. It serves the core and built-in groups the
 * chart uses, plus any extra group versions given (such as the Prometheus Operator's
 * {@code monitoring.coreos.com/v1}); it stores nothing.
 */
final class FakeKubernetesApi implements AutoCloseable {

    /** Group version to the resources it serves: plural name, kind. */
    private final Map<String, Map<String, String>> groups = new LinkedHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final HttpServer server;

    FakeKubernetesApi(Map<String, Map<String, String>> extraGroups) throws IOException {
        groups.put("v1", Map.of("configmaps", "ConfigMap", "secrets", "Secret", "services", "Service",
                "serviceaccounts", "ServiceAccount", "namespaces", "Namespace"));
        groups.put("apps/v1", Map.of("deployments", "Deployment"));
        groups.put("policy/v1", Map.of("poddisruptionbudgets", "PodDisruptionBudget"));
        groups.put("networking.k8s.io/v1", Map.of("networkpolicies", "NetworkPolicy"));
        groups.putAll(extraGroups);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A kubeconfig that points at this server. */
    String kubeconfig() {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: fake
                    cluster:
                      server: http://127.0.0.1:%d
                users:
                  - name: fake
                    user:
                      token: fake
                contexts:
                  - name: fake
                    context:
                      cluster: fake
                      user: fake
                current-context: fake
                """.formatted(server.getAddress().getPort());
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(exchange.getRequestMethod() + " " + path);
        if (!"GET".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, status(405, "MethodNotAllowed", "a dry run changes nothing"));
        } else if (path.equals("/version")) {
            respond(exchange, 200, """
                    {"major": "1", "minor": "31", "gitVersion": "v1.31.0", "platform": "linux/amd64"}""");
        } else if (path.equals("/api")) {
            respond(exchange, 200, """
                    {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": []}""");
        } else if (path.equals("/apis")) {
            respond(exchange, 200, groupList());
        } else if (path.equals("/api/v1")) {
            respond(exchange, 200, resourceList("v1"));
        } else if (path.startsWith("/apis/") && groups.containsKey(path.substring("/apis/".length()))) {
            respond(exchange, 200, resourceList(path.substring("/apis/".length())));
        } else {
            respond(exchange, 404, status(404, "NotFound", path + " not found"));
        }
    }

    private String groupList() {
        Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();
        groups.keySet().stream().filter(gv -> gv.contains("/")).forEach(gv -> versionsByGroup
                .computeIfAbsent(gv.substring(0, gv.indexOf('/')), g -> new ArrayList<>()).add(gv));
        String entries = versionsByGroup.entrySet().stream().map(e -> {
            List<String> versions = e.getValue().stream()
                    .map(gv -> "{\"groupVersion\": \"%s\", \"version\": \"%s\"}".formatted(gv, gv.substring(gv.indexOf('/') + 1)))
                    .toList();
            return "{\"name\": \"%s\", \"versions\": [%s], \"preferredVersion\": %s}".formatted(e.getKey(),
                    String.join(", ", versions), versions.get(0));
        }).collect(Collectors.joining(", "));
        return "{\"kind\": \"APIGroupList\", \"apiVersion\": \"v1\", \"groups\": [" + entries + "]}";
    }

    private String resourceList(String groupVersion) {
        String resources = groups.get(groupVersion).entrySet().stream()
                .map(r -> ("{\"name\": \"%s\", \"singularName\": \"\", \"namespaced\": %s, \"kind\": \"%s\","
                        + " \"verbs\": [\"create\", \"delete\", \"get\", \"list\", \"patch\", \"update\", \"watch\"]}")
                        .formatted(r.getKey(), !r.getValue().equals("Namespace"), r.getValue()))
                .collect(Collectors.joining(", "));
        return "{\"kind\": \"APIResourceList\", \"apiVersion\": \"v1\", \"groupVersion\": \"%s\", \"resources\": [%s]}"
                .formatted(groupVersion, resources);
    }

    private static String status(int code, String reason, String message) {
        return ("{\"kind\": \"Status\", \"apiVersion\": \"v1\", \"status\": \"Failure\", \"message\": \"%s\","
                + " \"reason\": \"%s\", \"code\": %d}").formatted(message, reason, code);
    }

    private static void respond(HttpExchange exchange, int code, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
