package dev.rehearsal.bench;

import dev.rehearsal.demo.DemoApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The API under load while a backup runs: starts the demo daemon in this JVM, waits for a passed
 * drill, starts a backup of the largest sample table over the API, and meanwhile has several
 * clients read the tables list and that drill's JSON report in a bounded loop on loopback.
 * Reports throughput and latency percentiles, overall and for the requests made while the backup
 * was running. It measures; it asserts nothing about speed.
 */
public final class ApiLoadBenchmark {

    private static final Pattern DRILL_ID = Pattern.compile("\"drillId\":\"([a-z0-9-]+)\"");

    private ApiLoadBenchmark() {
    }

    record Sample(String endpoint, long startNanos, long nanos, int status) {
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args, Set.of("scale", "clients", "requests", "table", "results", "command"));
        String scale = flags.string("scale", "0.25");
        int clients = flags.integer("clients", 8);
        int requests = flags.integer("requests", 8000);
        String table = flags.string("table", "user-ids");
        Path results = Path.of(flags.string("results", "bench/results/api-load"));
        Files.createDirectories(results);

        System.setProperty("rehearsal.demo.scale", scale);
        Path data = Files.createTempDirectory("rehearsal-api-load");
        try (ConfigurableApplicationContext app = DemoApplication.start("--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:api-load;DB_CLOSE_DELAY=-1",
                "--rehearsal.stores.local.path=" + data.resolve("backups"), "--logging.level.dev.rehearsal=WARN")) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            String token = DemoApplication.adminToken();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

            System.out.println("== Waiting for a passed drill of " + table);
            String drillId = null;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (drillId == null && System.nanoTime() < deadline) {
                Matcher m = DRILL_ID.matcher(get(http, base + "/api/v1/drills?table=" + table + "&outcome=PASSED", token).body());
                if (m.find()) {
                    drillId = m.group(1);
                } else {
                    Thread.sleep(1_000);
                }
            }
            if (drillId == null) {
                throw new IllegalStateException("no passed drill of " + table + " within 10 minutes");
            }
            int before = count(get(http, base + "/api/v1/backups?table=" + table, token).body());

            System.out.println("== Starting a backup of " + table + " and " + requests + " reads by " + clients + " clients");
            long backupRequested = System.nanoTime();
            Instant backupRequestedAt = Instant.now();
            while (true) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/backups"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"source\":\"demo\",\"table\":\"" + table + "\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 202) {
                    break;
                }
                if (r.statusCode() != 409) {
                    throw new IllegalStateException("backup not started: " + r.statusCode() + " " + r.body());
                }
                Thread.sleep(200); // a scheduled backup of the table is running; wait for it to end
            }
            String[] paths = {"/api/v1/tables", "/api/v1/drills/" + drillId + "/report.json"};
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<List<Sample>>> futures = new ArrayList<>();
            long loopStart = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    List<Sample> mine = new ArrayList<>();
                    HttpClient client = HttpClient.newHttpClient();
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        String path = paths[i % 2];
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = get(client, base + path, token);
                        mine.add(new Sample(path.startsWith("/api/v1/tables") ? "GET /api/v1/tables"
                                : "GET /api/v1/drills/{id}/report.json", t0, System.nanoTime() - t0, r.statusCode()));
                    }
                    return mine;
                }));
            }
            List<Sample> samples = new ArrayList<>();
            for (Future<List<Sample>> f : futures) {
                samples.addAll(f.get());
            }
            long loopEnd = System.nanoTime();
            pool.shutdown();

            // When did the backup commit? Poll until it shows, then place it on the loop's clock.
            long backupDone = 0;
            while (System.nanoTime() < deadline) {
                if (count(get(http, base + "/api/v1/backups?table=" + table, token).body()) > before) {
                    backupDone = System.nanoTime();
                    break;
                }
                Thread.sleep(100);
            }
            long committedBy = backupDone;
            List<Sample> during = samples.stream().filter(s -> s.startNanos() < committedBy).toList();
            StringBuilder md = new StringBuilder();
            md.append(String.format(Locale.ROOT, "Demo at scale %s; backup of `%s` requested at %s; %d clients, %d requests.%n%n",
                    scale, table, backupRequestedAt, clients, requests));
            md.append(String.format(Locale.ROOT, "Backup running for the first %.1f s of the %.1f s loop (committed %s the loop"
                    + " ended; %d of %d requests were made while it ran).%n%n",
                    Math.min(committedBy, loopEnd) / 1e9 - loopStart / 1e9, (loopEnd - loopStart) / 1e9,
                    committedBy > loopEnd ? "after" : "before", during.size(), samples.size()));
            md.append("| Requests | Count | Errors | Throughput (req/s) | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            row(md, "all", samples, loopEnd - loopStart);
            row(md, "while the backup ran", during, Math.min(committedBy, loopEnd) - loopStart);
            for (String e : List.of("GET /api/v1/tables", "GET /api/v1/drills/{id}/report.json")) {
                row(md, e, samples.stream().filter(s -> s.endpoint().equals(e)).toList(), loopEnd - loopStart);
            }
            md.append(String.format(Locale.ROOT, "%nBackup requested %.1f s before the loop started.%n",
                    (loopStart - backupRequested) / 1e9));
            System.out.println(md);
            Files.writeString(results.resolve("results.md"), "Command: `" + flags.string("command", "bench/run-api-load.sh")
                    + "`\n\nMachine: " + Machine.describe() + "\n\n" + md);
        }
        System.exit(0);
    }

    private static void row(StringBuilder md, String name, List<Sample> samples, long spanNanos) {
        if (samples.isEmpty()) {
            md.append("| ").append(name).append(" | 0 | | | | | | |\n");
            return;
        }
        long[] ns = samples.stream().mapToLong(Sample::nanos).sorted().toArray();
        long errors = samples.stream().filter(s -> s.status() != 200).count();
        md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.1f | %.1f | %.1f | %.1f |%n", name, ns.length,
                errors, ns.length / (spanNanos / 1e9), pct(ns, 50), pct(ns, 95), pct(ns, 99), ns[ns.length - 1] / 1e6));
    }

    private static double pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static int count(String json) {
        return json.split("\"backupId\"", -1).length - 1;
    }

    private static HttpResponse<String> get(HttpClient http, String url, String token) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET()
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("GET " + url + ": " + e, e);
        }
    }
}
