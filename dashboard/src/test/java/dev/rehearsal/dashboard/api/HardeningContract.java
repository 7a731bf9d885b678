package dev.rehearsal.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.TestTables;
import dev.rehearsal.dashboard.TestConfig;
import dev.rehearsal.dashboard.jobs.Preflight;
import dev.rehearsal.dashboard.security.ApiTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.web.util.UriUtils;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import tools.jackson.databind.JsonNode;

/**
 * The hardening rules against the running daemon, on each catalog (H2 and PostgreSQL): a mutation
 * happens only after its audit entry is written, and every call that may mutate, and every
 * refusal, leaves exactly one entry; long and hostile input is refused with a problem document
 * naming the field and never turns into a 500; requests the container or the firewall reject are
 * problem documents too; what can be known before a restore or drill starts is checked before;
 * a failed restore into a new table leaves nothing that looks restored; a drill can be pointed at
 * a chosen backup.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class HardeningContract {

    static final DynamoDbLocal source = DynamoDbLocal.shared();
    static final DynamoDbLocal sandbox = DynamoDbLocal.start();
    static final String VIEWER = ApiTokens.generate();
    static final String OPERATOR = ApiTokens.generate();
    static final String ADMIN = ApiTokens.generate();
    static final String J = "application/json";

    @Autowired
    Environment environment;
    @Autowired
    JdbcTemplate jdbc;
    Api api;

    /** The source tables of one test class: backed up, never backed up, and one whose backup gets damaged. */
    record Tables(String backedUp, String neverBackedUp, String damaged, Path store) {
    }

    abstract Tables tables();

    /** Creates the source tables and points the daemon, on the catalog given, at the servers and a fresh store. */
    static Tables configure(DynamicPropertyRegistry r, String stem, TestConfig daemon) {
        String table = TestTables.uniqueName(stem);
        Tables t = new Tables(table, table + "-nobackup", table + "-damaged", tempDir());
        try (DynamoDbClient c = source.client()) {
            for (String name : List.of(t.backedUp(), t.neverBackedUp(), t.damaged())) {
                TestTables.createSimple(c, name);
                TestTables.fill(c, name, 300, 100);
            }
        }
        daemon.source(source)
                .with("rehearsal.sources.local.include[0]", table + "*")
                .filesystemStore(t.store())
                .policy("main", table + "*")
                .with("rehearsal.policies.main.retention.keep-last", "10")
                .drillsIn(sandbox)
                .with("rehearsal.security.unauthenticated-audit-per-minute", "10000")
                .token("hard-viewer", "viewer", VIEWER)
                .token("hard-operator", "operator", OPERATOR)
                .token("hard-admin", "admin", ADMIN)
                .addTo(r);
        return t;
    }

    @BeforeEach
    void client() {
        api = new Api(Integer.parseInt(environment.getProperty("local.server.port")));
    }

    // ---- the audit invariant

    @Test
    void aCallIsAuditedBeforeItActsAndOneWhoseEntryCannotBeWrittenStartsNothing() throws Exception {
        String table = tables().backedUp();
        backUp(table);
        Api.Response started = api.post("/api/v1/restores", OPERATOR, Map.of("source", "local", "table", table));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String restoreId = started.json().get("restoreId").asString();
        Map<String, Object> entry = onlyEntry(started);
        assertThat(entry.get("outcome")).isEqualTo("202");
        assertThat(entry.get("action")).isEqualTo("restore.start");
        assertThat(entry.get("target")).isEqualTo("local/" + table);
        java.sql.Timestamp restoreStarted = jdbc.queryForObject("SELECT started_at FROM rehearsal_restore WHERE"
                + " restore_id = ?", java.sql.Timestamp.class, restoreId);
        assertThat((java.sql.Timestamp) entry.get("at")).as("the entry is written before the restore is recorded")
                .isBeforeOrEqualTo(restoreStarted);
        api.await("/api/v1/restores/" + restoreId, VIEWER, r -> !r.get("status").asString().equals("RUNNING"),
                Duration.ofMinutes(1));

        long before = rows("rehearsal_restore") + rows("rehearsal_drill");
        long backupsBefore = jdbc.queryForObject("SELECT COUNT(*) FROM rehearsal_backup WHERE table_name = ?", Long.class,
                table);
        // The catalog refuses the "accepted" entry: a real database refusing a write.
        jdbc.execute("ALTER TABLE rehearsal_audit ADD CONSTRAINT rehearsal_audit_down CHECK (outcome <> 'accepted')");
        try {
            Api.Response refused = api.post("/api/v1/restores", OPERATOR, Map.of("source", "local", "table", table));
            assertThat(refused.problem(503)).contains("audit log could not be written").contains("restore.start");
            Api.Response drill = api.post("/api/v1/drills", OPERATOR, Map.of("source", "local", "table", table));
            assertThat(drill.problem(503)).contains("drill.start");
            Api.Response backup = api.post("/api/v1/backups", OPERATOR, Map.of("source", "local", "table", table));
            assertThat(backup.problem(503)).contains("backup.start");
        } finally {
            jdbc.execute("ALTER TABLE rehearsal_audit DROP CONSTRAINT rehearsal_audit_down");
        }
        Thread.sleep(1_000);
        assertThat(rows("rehearsal_restore") + rows("rehearsal_drill")).as("nothing started unaudited").isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rehearsal_backup WHERE table_name = ?", Long.class, table))
                .as("no further backup").isEqualTo(backupsBefore);
    }

    @Test
    void longNamesAreRefusedNamingTheLimitAndTheirEntriesAreCutVisiblyNeverLost() throws Exception {
        String table = tables().backedUp();
        String huge = "t".repeat(5_000);
        Api.Response longTable = api.post("/api/v1/restores", OPERATOR, Map.of("source", "local", "table", huge));
        assertThat(longTable.problem(400)).contains("'table' is not a valid table name").contains("3 to 255 characters");
        assertThat((String) onlyEntry(longTable).get("target")).hasSize(512).endsWith("…[cut, " + (6 + huge.length())
                + " chars]").startsWith("local/ttt");

        Api.Response longSource = api.post("/api/v1/drills", OPERATOR, Map.of("source", "s".repeat(300), "table", table));
        assertThat(longSource.problem(400)).contains("'source' is not a source name").contains("1 to 63 characters");
        assertThat(onlyEntry(longSource).get("outcome")).isEqualTo("400");

        Api.Response longTarget = api.post("/api/v1/restores", ADMIN, Map.of("source", "local", "table", table,
                "targetTable", "n".repeat(4_000)));
        assertThat(longTarget.problem(400)).contains("'targetTable' is not a valid table name");
        assertThat(onlyEntry(longTarget).get("action")).isEqualTo("restore.start-new-table");

        Api.Response longPath = api.send("POST", "/api/v1/backups/" + "p".repeat(1_900), VIEWER, "{}", J);
        assertThat(longPath.problem(403)).contains("role 'viewer' may not");
        Map<String, Object> denied = onlyEntry(longPath);
        assertThat(denied.get("outcome")).isEqualTo("403 denied");
        assertThat((String) denied.get("action")).hasSize(64).contains("…[cut, ");

        Api.Response tooLong = api.get("/api/v1/tables/local/" + "x".repeat(3_000), VIEWER);
        assertThat(tooLong.problem(414)).contains("at most 2048");
    }

    @Test
    void controlCharactersAndUnicodeInNamesAreRefusedAndAuditedAsText() throws Exception {
        for (String name : List.of("nul\u0000name", "line\nbreak", "🦆🦆🦆", "tab\tle", "del\u007f", "ünïcödé")) {
            Api.Response r = api.post("/api/v1/backups", OPERATOR, Map.of("source", "local", "table", name));
            assertThat(r.problem(400)).as(name).contains("not a valid table name");
            String target = (String) onlyEntry(r).get("target");
            assertThat(target).as("stored as text a person can read").doesNotContain("\u0000", "\n", "\t", "\u007f");
            if (name.contains("\u0000")) {
                assertThat(target).contains("\\u0000");
            }
        }
    }

    // ---- refused before anything starts

    @Test
    void aRestoreOrDrillOfATableWithoutACommittedBackupIsRefusedNamingTheTableAndTheStore() throws Exception {
        String table = tables().neverBackedUp();
        long before = rows("rehearsal_restore") + rows("rehearsal_drill");
        for (Api.Response r : List.of(
                api.post("/api/v1/restores", OPERATOR, Map.of("source", "local", "table", table)),
                api.post("/api/v1/drills", OPERATOR, Map.of("source", "local", "table", table)),
                api.post("/api/v1/restores", ADMIN, Map.of("source", "local", "table", table, "targetTable",
                        table + "-recovered")))) {
            assertThat(r.problem(409)).contains("table '" + table + "'").contains("no committed backup")
                    .contains("store 'disk'");
            assertThat(onlyEntry(r).get("outcome")).isEqualTo("409");
        }
        assertThat(rows("rehearsal_restore") + rows("rehearsal_drill")).as("nothing started").isEqualTo(before);
        try (DynamoDbClient c = source.client()) {
            assertThat(c.listTables().tableNames()).doesNotContain(table + "-recovered");
        }
        assertThat(api.post("/api/v1/restores", OPERATOR, Map.of("source", "local", "table", table, "keepPartial", true))
                .problem(400)).contains("'keepPartial' applies to a restore into a new table");
    }

    // ---- a failed restore into a new table

    @Test
    void aFailedRestoreIntoANewTableDeletesTheTableItCreatedOrLeavesItMarkedWhenAskedToKeepIt() throws Exception {
        String table = tables().damaged();
        backUp(table);
        damageNewestDataObject(table);
        String target = table + "-new";
        Api.Response started = api.post("/api/v1/restores", ADMIN, Map.of("source", "local", "table", table,
                "targetTable", target));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode done = api.await("/api/v1/restores/" + started.json().get("restoreId").asString(), ADMIN,
                r -> !r.get("status").asString().equals("RUNNING"), Duration.ofMinutes(1));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("FAILED");
        assertThat(done.get("error").asString()).contains("damaged")
                .contains("table '" + target + "' that this restore created was deleted");
        assertThat(done.get("partialTable").isNull()).isTrue();
        try (DynamoDbClient c = source.client()) {
            assertThat(c.listTables().tableNames()).as("nothing left that looks restored").doesNotContain(target)
                    .contains(table);
            assertThat(c.describeTable(d -> d.tableName(table)).table().itemCount()).as("the source is untouched")
                    .isEqualTo(300);
        }
        assertThat(onlyEntry(started).get("outcome")).isEqualTo("202");

        String kept = table + "-kept";
        Api.Response keep = api.post("/api/v1/restores", ADMIN, Map.of("source", "local", "table", table,
                "targetTable", kept, "keepPartial", true));
        assertThat(keep.status()).as(keep.body()).isEqualTo(202);
        JsonNode left = api.await("/api/v1/restores/" + keep.json().get("restoreId").asString(), ADMIN,
                r -> !r.get("status").asString().equals("RUNNING"), Duration.ofMinutes(1));
        assertThat(left.get("status").asString()).isEqualTo("FAILED");
        assertThat(left.get("partialTable").asString()).isEqualTo(kept);
        assertThat(left.get("error").asString()).contains("partial table left: " + kept).contains("kept as the request asked");
        try (DynamoDbClient c = source.client()) {
            assertThat(c.listTables().tableNames()).contains(kept);
            c.deleteTable(d -> d.tableName(kept));
        }
    }

    // ---- drills of a chosen backup

    @Test
    void aDrillCanBePointedAtAChosenBackup() throws Exception {
        String table = tables().backedUp();
        backUp(table);
        secondBackup(table);
        JsonNode backups = api.await("/api/v1/backups?source=local&table=" + table, VIEWER, b -> b.size() >= 2,
                Duration.ofMinutes(1));
        String older = backups.get(backups.size() - 1).get("backupId").asString();
        assertThat(older).isNotEqualTo(backups.get(0).get("backupId").asString());

        Api.Response drill = api.post("/api/v1/drills", OPERATOR, Map.of("source", "local", "table", table,
                "backupId", older));
        assertThat(drill.status()).as(drill.body()).isEqualTo(202);
        JsonNode done = api.await("/api/v1/drills/" + drill.json().get("drillId").asString(), VIEWER,
                d -> !d.get("status").asString().equals("RUNNING"), Duration.ofMinutes(2));
        assertThat(done.get("status").asString()).isEqualTo("PASSED");
        assertThat(done.get("backupId").asString()).as("the chosen backup, not the newest").isEqualTo(older);
        assertThat(onlyEntry(drill).get("target")).isEqualTo("local/" + table + "@" + older);

        assertThat(api.post("/api/v1/drills", OPERATOR, Map.of("source", "local", "table", table,
                "backupId", "20200101T000000.000Z-00000000")).problem(404))
                .contains("no committed backup 20200101T000000.000Z-00000000").contains("store 'disk'");
        assertThat(api.post("/api/v1/drills", OPERATOR, Map.of("source", "local", "table", table, "backupId", "last"))
                .problem(400)).contains("'last' is not a backup id");
    }

    // ---- every error a problem document

    @Test
    void pathTricksAndMalformedRequestsGetProblemDocumentsOrPagesWithTheRightStatus() throws Exception {
        record Case(String name, String requestLine, int status, boolean problem) {
        }
        String longPath = "/api/v1/tables/local/" + "a".repeat(20_000);
        List<Case> cases = List.of(
                new Case("encoded slash", "GET /api/v1/tables/prod/..%2F..%2Fetc HTTP/1.1", 400, true),
                new Case("encoded dot segments", "GET /api/v1/tables/prod/%2e%2e/%2e%2e/etc HTTP/1.1", 400, true),
                new Case("backslash", "GET /api/v1/tables/prod\\..\\etc HTTP/1.1", 400, true),
                new Case("double slash", "GET /api/v1//tables HTTP/1.1", 400, true),
                new Case("encoded NUL", "GET /api/v1/tables/local/a%00b HTTP/1.1", 400, true),
                new Case("raw NUL", "GET /api/v1/tables/local/a\u0000b HTTP/1.1", 400, true),
                new Case("overlong path", "GET " + longPath + " HTTP/1.1", 414, true),
                new Case("semicolon", "GET /api/v1/tables;jsessionid=x HTTP/1.1", 400, true),
                new Case("unknown API path", "GET /api/v1/nothing-here HTTP/1.1", 401, true),
                new Case("dashboard encoded slash", "GET /tables/local/a%2Fb HTTP/1.1", 400, false),
                new Case("dashboard double slash", "GET /tables//x HTTP/1.1", 400, false),
                new Case("dashboard overlong path", "GET /tables/local/" + "a".repeat(5_000) + " HTTP/1.1", 414, false));
        for (Case c : cases) {
            Raw r = raw(c.requestLine());
            assertThat(r.status()).as(c.name() + ": " + r.head()).isEqualTo(c.status());
            if (c.problem()) {
                assertThat(r.header("content-type")).as(c.name()).startsWith("application/problem+json");
                JsonNode p = Api.JSON.readTree(r.body());
                assertThat(p.get("status").asInt()).as(c.name()).isEqualTo(c.status());
                assertThat(p.get("requestId").asString()).as(c.name()).isNotBlank();
            } else {
                assertThat(r.header("content-type")).as(c.name()).startsWith("text/html");
                assertThat(r.body()).as(c.name()).contains(c.status() + " ");
            }
        }
        Api.Response unknownWithToken = api.get("/api/v1/nothing-here", VIEWER);
        assertThat(unknownWithToken.problem(404)).isNotBlank();
        Api.Response wrongMethod = api.send("PUT", "/api/v1/tables", OPERATOR, "{}", J);
        assertThat(wrongMethod.problem(405)).isNotBlank();
        assertThat(onlyEntry(wrongMethod).get("outcome")).isEqualTo("405");
    }

    // ---- generated hostile names at every endpoint

    @Test
    void generatedHostileNamesAtEveryEndpointGetA4xxProblemStartNothingAndLeaveOneEntryPerCall() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long before = rows("rehearsal_restore") + rows("rehearsal_drill") + rows("rehearsal_backup");
        int calls = 0;
        for (int i = 0; i < 40; i++) {
            String name = hostileName(random);
            // A URL carries UTF-8, which has no unpaired surrogates: such a name reaches the daemon as '?'.
            String sendable = new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            String segment = UriUtils.encodePathSegment(sendable, StandardCharsets.UTF_8);
            String body = Api.JSON.writeValueAsString(Map.of("source", random.nextBoolean() ? "local" : name,
                    "table", name));
            List<String[]> requests = List.of(
                    new String[] {"POST", "/api/v1/backups", OPERATOR, body},
                    new String[] {"POST", "/api/v1/drills", OPERATOR, body},
                    new String[] {"POST", "/api/v1/restores", OPERATOR, body},
                    new String[] {"POST", "/api/v1/restores", ADMIN, Api.JSON.writeValueAsString(Map.of("source", "local",
                            "table", tables().backedUp(), "targetTable", name))},
                    new String[] {"POST", "/api/v1/drills", OPERATOR, Api.JSON.writeValueAsString(Map.of("source", "local",
                            "table", tables().backedUp(), "backupId", name))},
                    new String[] {"POST", "/api/v1/restores", VIEWER, body},
                    new String[] {"DELETE", "/api/v1/restores/" + segment, OPERATOR, null},
                    new String[] {"GET", "/api/v1/tables/local/" + segment, VIEWER, null},
                    new String[] {"GET", "/api/v1/tables/" + segment + "/x", VIEWER, null},
                    new String[] {"GET", "/api/v1/backups/local/" + segment + "/" + segment, VIEWER, null},
                    new String[] {"GET", "/api/v1/backups?table=" + UriUtils.encodeQueryParam(sendable, StandardCharsets.UTF_8),
                            VIEWER, null},
                    new String[] {"GET", "/api/v1/drills/" + segment, VIEWER, null},
                    new String[] {"GET", "/api/v1/restores/" + segment + "/events", VIEWER, null});
            for (String[] q : requests) {
                String what = "seed " + seed + ", " + q[0] + " " + Preflight.abbreviate(q[1]) + " as "
                        + (q[2].equals(VIEWER) ? "viewer" : "operator/admin") + ", name " + Preflight.abbreviate(name);
                Api.Response r;
                try {
                    r = api.send(q[0], q[1], q[2], q[3], q[3] == null ? null : J);
                } catch (java.io.IOException e) {
                    throw new AssertionError(what + ": the request could not be sent", e);
                }
                calls++;
                if (q[1].startsWith("/api/v1/backups?") && r.status() == 200) {
                    assertThat(r.json().size()).as(what + ": a list filtered by a name no table has is empty").isZero();
                    continue;
                }
                assertThat(r.status()).as(what + ": " + r.body()).isBetween(400, 499);
                assertThat(r.header("Content-Type")).as(what).startsWith("application/problem+json");
                assertThat(Api.JSON.readTree(r.body()).get("detail").asString()).as(what).isNotBlank();
                // Requests the container cannot parse (an encoded slash) never reach the daemon, and nothing of
                // them is recorded; every other call that may change something leaves exactly one entry.
                boolean audited = !q[0].equals("GET") && r.reachedDaemon();
                assertThat(entries(r)).as(what).hasSize(audited ? 1 : 0);
            }
        }
        assertThat(calls).isEqualTo(40 * 13);
        assertThat(rows("rehearsal_restore") + rows("rehearsal_drill") + rows("rehearsal_backup"))
                .as("seed " + seed + ": nothing started").isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rehearsal_audit WHERE outcome = 'accepted'", Long.class))
                .as("no refused call was ever accepted").isZero();
    }

    /** Long, unicode, control-character and path-like names, each of a random kind. */
    private static String hostileName(Random random) {
        String[] pieces = {"\u0000", "\n", "\r", "\t", "\u007f", "🦆", "\u202e", "é", "e\u0301", "../", "%2F", "/", "\\",
                ";", "'", "\"", "<script>", " ", "*", "?", "#", "\ud800"};
        StringBuilder b = new StringBuilder();
        switch (random.nextInt(4)) {
            case 0 -> b.append("x".repeat(256 + random.nextInt(3_000)));
            case 1 -> {
                for (int i = 0; i < 1 + random.nextInt(12); i++) {
                    b.append(pieces[random.nextInt(pieces.length)]).append((char) ('a' + random.nextInt(26)));
                }
            }
            case 2 -> b.append("ab");
            default -> {
                b.append("tbl");
                for (int i = 0; i < 100 + random.nextInt(400); i++) {
                    b.appendCodePoint(0x4e00 + random.nextInt(0x5000));
                }
            }
        }
        return b.toString();
    }

    // ---- helpers

    private void backUp(String table) throws Exception {
        if (api.get("/api/v1/backups?source=local&table=" + table, VIEWER).json().size() > 0) {
            return;
        }
        assertThat(api.post("/api/v1/backups", OPERATOR, Map.of("source", "local", "table", table)).status()).isEqualTo(202);
        api.await("/api/v1/backups?source=local&table=" + table, VIEWER, b -> b.size() > 0, Duration.ofMinutes(1));
    }

    /**
     * Starts another backup of a table once its last one has ended: a backup is listed when its
     * manifest is committed, a moment before its job ends (retention runs last), and until then a
     * second one is refused with 409, rightly.
     */
    private void secondBackup(String table) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        Api.Response r = api.post("/api/v1/backups", OPERATOR, Map.of("source", "local", "table", table));
        while (r.status() == 409 && System.nanoTime() < deadline) {
            assertThat(r.problem(409)).contains("is running already");
            Thread.sleep(200);
            r = api.post("/api/v1/backups", OPERATOR, Map.of("source", "local", "table", table));
        }
        assertThat(r.status()).as(r.body()).isEqualTo(202);
    }

    /** Flips one byte in the middle of the newest backup's first data object; its size stays as recorded. */
    private void damageNewestDataObject(String table) throws IOException {
        Path dir = tables().store().resolve("local").resolve(table);
        Path object;
        try (Stream<Path> files = Files.walk(dir)) {
            object = files.filter(p -> p.getFileName().toString().endsWith(".zst") || p.getFileName().toString()
                    .endsWith(".gz")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(object);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(object, bytes);
    }

    /** The one audit entry of a request, by the id the client gave it. */
    private Map<String, Object> onlyEntry(Api.Response r) {
        List<Map<String, Object>> e = entries(r);
        assertThat(e).as("audit entries of request " + r.requestId()).hasSize(1);
        return e.get(0);
    }

    private List<Map<String, Object>> entries(Api.Response r) {
        List<Map<String, Object>> rows = new ArrayList<>();
        jdbc.queryForList("SELECT at, actor, action, target, outcome, detail FROM rehearsal_audit WHERE request_id = ?",
                r.requestId()).forEach(m -> {
                    Map<String, Object> lower = new java.util.HashMap<>();
                    m.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
                    rows.add(lower);
                });
        return rows;
    }

    private long rows(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    /** A response read off a raw socket, for requests no HTTP client library will send. */
    record Raw(int status, String head, String body) {
        String header(String name) {
            return head.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith(name + ":"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("");
        }
    }

    private Raw raw(String requestLine) throws IOException {
        int port = Integer.parseInt(environment.getProperty("local.server.port"));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((requestLine + "\r\nHost: 127.0.0.1\r\nAccept: */*\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            int status = Integer.parseInt(head.substring(9, 12));
            return new Raw(status, head, body);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < chunked.length()) {
            int eol = chunked.indexOf("\r\n", i);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(i, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            // Sizes count bytes; the bodies here are ASCII or short UTF-8, read back as bytes for safety.
            byte[] rest = chunked.substring(eol + 2).getBytes(StandardCharsets.UTF_8);
            String piece = new String(rest, 0, Math.min(size, rest.length), StandardCharsets.UTF_8);
            out.append(piece);
            i = eol + 2 + piece.length() + 2;
        }
        return out.toString();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("rehearsal-hardening-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
