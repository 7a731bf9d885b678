package dev.rehearsal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.TestTables;
import dev.rehearsal.dashboard.RehearsalApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import tools.jackson.databind.JsonNode;

/**
 * The command line against the real daemon over HTTP on loopback: DynamoDB Local for the source and
 * the sandbox, a filesystem store, an H2 catalog, API tokens per role. Each command is run as a
 * shell would run it, and its exit status, output and the daemon's state are checked.
 */
@SpringBootTest(classes = RehearsalApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CliAgainstDaemonTest {

    static final DynamoDbLocal source = DynamoDbLocal.shared();
    static final DynamoDbLocal sandbox = DynamoDbLocal.start();
    static final String TABLE = TestTables.uniqueName("cli");
    static final String BIG = TABLE + "-big";
    static final String SECOND = TABLE + "-second";
    static final String ORPHAN = TestTables.uniqueName("cli-orphan");
    static KeyPair signingKey;

    @DynamicPropertySource
    static void configure(DynamicPropertyRegistry r) throws Exception {
        try (DynamoDbClient c = source.client()) {
            TestTables.createSimple(c, TABLE);
            TestTables.fill(c, TABLE, 1_500, 120);
            TestTables.createSimple(c, SECOND);
            TestTables.fill(c, SECOND, 300, 80);
            TestTables.createSimple(c, BIG);
            TestTables.fill(c, BIG, 10_000, 100);
            TestTables.createSimple(c, ORPHAN);
        }
        String plan = "rehearsal.plans.cli-plan.";
        // The daemon signs reports with a key made here; the test trusts its public half on its own.
        signingKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path keys = Files.createTempDirectory("rehearsal-cli-keys");
        Files.writeString(keys.resolve("signing.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(signingKey.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        new TestDaemon("cli-test", source, sandbox, Files.createTempDirectory("rehearsal-cli-test"))
                .policy("main", TABLE, SECOND, BIG)
                .with("rehearsal.policies.main.controls[0]", "SOC2:A1.2")
                .signing(keys.resolve("signing.pem"), "cli-2026")
                .with(plan + "drill-cron", TestDaemon.NEVER)
                .with(plan + "stages[0].name", "first")
                .with(plan + "stages[0].tables[0]", "local/" + TABLE)
                .with(plan + "stages[0].objective", "1h")
                .with(plan + "stages[1].name", "second")
                .with(plan + "stages[1].tables[0]", "local/" + SECOND)
                .with(plan + "stages[1].objective", "2h")
                .addTo(r);
    }

    @Autowired
    Environment environment;
    @TempDir
    Path home;
    String server;

    @BeforeEach
    void server() {
        server = "http://127.0.0.1:" + environment.getProperty("local.server.port");
    }

    CliRun as(String token) {
        return new CliRun(home).env("REHEARSAL_SERVER", server).env("REHEARSAL_TOKEN", token);
    }

    // ---- signing in

    @Test
    void loginChecksTheTokenStoresItOwnerOnlyAndLaterCommandsUseIt() throws Exception {
        CliRun shell = new CliRun(home);
        CliRun.Result refused = shell.stdin("rh_not-a-token\n").run("login", "--server", server, "--token-stdin");
        assertThat(refused.code()).as(refused.toString()).isEqualTo(ExitCode.AUTH);
        assertThat(refused.err()).contains("not accepted").contains("HTTP 401");
        Path file = home.resolve(".config/rehearsal/credentials");
        assertThat(file).as("a refused token is not stored").doesNotExist();

        CliRun.Result login = shell.stdin(TestDaemon.VIEWER + "\n").run("login", "--server", server + "/", "--token-stdin");
        assertThat(login.code()).as(login.toString()).isZero();
        assertThat(login.out()).contains("Signed in to " + server).contains(file.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(Files.readString(file)).contains(TestDaemon.VIEWER).contains("server=" + server.replace(":", "\\:"));

        CliRun.Result tables = new CliRun(home).run("tables", "-o", "json");
        assertThat(tables.code()).as(tables.toString()).isZero();
        assertThat(tables.json().findValuesAsString("table")).contains(TABLE, ORPHAN);

        // Someone else may read the file: refused, naming the file and the fix.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        CliRun.Result open = new CliRun(home).run("tables");
        assertThat(open.code()).isEqualTo(ExitCode.AUTH);
        assertThat(open.err()).contains(file.toString()).contains("chmod 600");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        // The token is never sent to another server named on the command line.
        CliRun.Result elsewhere = new CliRun(home).run("tables", "--server", "http://127.0.0.1:9");
        assertThat(elsewhere.code()).isEqualTo(ExitCode.AUTH);
        assertThat(elsewhere.err()).contains("no token for http://127.0.0.1:9");

        assertThat(new CliRun(home).run("logout").code()).isZero();
        assertThat(file).doesNotExist();
        CliRun.Result none = new CliRun(home).run("tables");
        assertThat(none.code()).isEqualTo(ExitCode.AUTH);
        assertThat(none.err()).contains("no server").contains("rehearsal login");
    }

    // ---- reading

    @Test
    void tablesAreATableForPeopleAndJsonForScripts() {
        CliRun.Result human = as(TestDaemon.VIEWER).run("tables", "--source", "local");
        assertThat(human.code()).as(human.toString()).isZero();
        String header = human.out().lines().findFirst().orElseThrow();
        assertThat(header).startsWith("SOURCE").contains("TABLE", "STATUS", "POLICY", "NEWEST BACKUP", "WHY");
        String orphanRow = human.out().lines().filter(l -> l.contains(ORPHAN)).findFirst().orElseThrow();
        assertThat(orphanRow).contains("RED").contains("uncovered");
        assertThat(human.out().lines().filter(l -> l.contains(" " + TABLE + " ")).findFirst().orElseThrow()).contains("main");

        CliRun.Result json = as(TestDaemon.VIEWER).run("tables", "--status", "red", "-o", "json");
        assertThat(json.code()).isZero();
        JsonNode list = json.json();
        assertThat(list.isArray()).isTrue();
        assertThat(StreamSupport.stream(list.spliterator(), false).map(t -> t.get("status").asString()).distinct())
                .containsExactly("RED");
        assertThat(list.findValuesAsString("table")).contains(ORPHAN);
    }

    // ---- exit statuses and errors that name the thing

    @Test
    void exitStatusesSayWhatHappenedAndErrorsCarryTheProblemDetail() {
        CliRun.Result noToken = new CliRun(home).env("REHEARSAL_SERVER", server).run("tables");
        assertThat(noToken.code()).isEqualTo(ExitCode.AUTH);
        assertThat(noToken.err()).contains("no token for " + server);

        CliRun.Result badToken = as("rh_wrong").run("tables");
        assertThat(badToken.code()).isEqualTo(ExitCode.AUTH);
        assertThat(badToken.err()).contains("not accepted").contains("HTTP 401").contains("request cli-");

        CliRun.Result viewer = as(TestDaemon.VIEWER).run("backups", "start", "local", TABLE);
        assertThat(viewer.code()).isEqualTo(ExitCode.AUTH);
        assertThat(viewer.err()).contains("role 'viewer' may not").contains("HTTP 403");

        CliRun.Result unknownSource = as(TestDaemon.OPERATOR).run("backups", "start", "nowhere", TABLE);
        assertThat(unknownSource.code()).as(unknownSource.toString()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(unknownSource.err()).contains("unknown source 'nowhere'").contains("HTTP 404");

        CliRun.Result uncovered = as(TestDaemon.OPERATOR).run("drill", "start", "local", ORPHAN);
        assertThat(uncovered.code()).isEqualTo(ExitCode.REFUSED);
        assertThat(uncovered.err()).contains(ORPHAN).contains("not covered by any policy").contains("HTTP 409");

        CliRun.Result badName = as(TestDaemon.OPERATOR).run("restore", "start", "local", "bad name!");
        assertThat(badName.code()).isEqualTo(ExitCode.USAGE);
        assertThat(badName.err()).contains("not a valid table name").contains("bad name!").contains("HTTP 400");

        CliRun.Result noDrill = as(TestDaemon.VIEWER).run("drill", "report", "20260101t000000-000000");
        assertThat(noDrill.code()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(noDrill.err()).contains("no drill '20260101t000000-000000'");

        CliRun.Result audit = as(TestDaemon.OPERATOR).run("audit");
        assertThat(audit.code()).isEqualTo(ExitCode.AUTH);
        assertThat(audit.err()).contains("role 'operator' may not GET /api/v1/audit");

        CliRun.Result usage = as(TestDaemon.VIEWER).run("restore", "start", "local");
        assertThat(usage.code()).isEqualTo(ExitCode.USAGE);
        assertThat(usage.err()).contains("Missing required parameter").contains("TABLE");
        assertThat(as(TestDaemon.VIEWER).run("no-such-command").code()).isEqualTo(ExitCode.USAGE);

        CliRun.Result down = as(TestDaemon.VIEWER).run("tables", "--server", "http://127.0.0.1:9");
        assertThat(down.code()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(down.err()).contains("cannot reach the Rehearsal server at http://127.0.0.1:9");

        CliRun.Result notHttp = as(TestDaemon.VIEWER).run("tables", "--server", "ftp://example.com");
        assertThat(notHttp.code()).isEqualTo(ExitCode.USAGE);
        assertThat(notHttp.err()).contains("'ftp://example.com' is not an http:// or https:// address");
    }

    // ---- backups and drills

    @Test
    void aBackupStartedAndAwaitedIsListedAndADrillOfItPrintsItsReport() {
        CliRun.Result backup = as(TestDaemon.OPERATOR).run("backups", "start", "local", SECOND, "--wait", "-o", "json");
        assertThat(backup.code()).as(backup.toString()).isZero();
        String backupId = backup.json().get("backupId").asString();
        assertThat(backup.json().get("items").asLong()).isEqualTo(300);

        CliRun.Result list = as(TestDaemon.VIEWER).run("backups", "list", "--table", SECOND);
        assertThat(list.code()).isZero();
        assertThat(list.out().lines().findFirst().orElseThrow()).startsWith("BACKUP").contains("ITEMS", "STORED");
        assertThat(list.out()).contains(backupId).contains("300");

        CliRun.Result drill = as(TestDaemon.OPERATOR).run("drill", "start", "local", SECOND, "--backup", backupId);
        assertThat(drill.code()).as(drill.toString()).isEqualTo(ExitCode.OK);
        assertThat(drill.out()).as("the drill's Markdown report").contains(SECOND).contains(backupId).contains("PASSED");

        CliRun.Result drills = as(TestDaemon.VIEWER).run("drill", "list", "--table", SECOND, "-o", "json");
        String drillId = drills.json().get(0).get("drillId").asString();
        assertThat(drills.json().get(0).get("status").asString()).isEqualTo("PASSED");
        CliRun.Result report = as(TestDaemon.VIEWER).run("drill", "report", drillId, "-o", "json");
        assertThat(report.code()).isZero();
        assertThat(report.json().get("drillId").asString()).isEqualTo(drillId);
    }

    // ---- restores followed over server-sent events

    @Test
    void aRestoreIsFollowedOverItsEventStreamToTheEnd() {
        ensureBackup(TABLE);
        CliRun.Result restore = as(TestDaemon.OPERATOR).run("restore", "start", "local", TABLE, "-o", "json");
        assertThat(restore.code()).as(restore.toString()).isEqualTo(ExitCode.OK);
        JsonNode end = restore.json();
        assertThat(end.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(end.get("items").asLong()).isEqualTo(1_500);
        assertThat(end.get("percent").asDouble()).isEqualTo(100.0);
        String target = end.get("target").asString();
        try (DynamoDbClient c = sandbox.client()) {
            assertThat(c.describeTable(d -> d.tableName(target)).table().itemCount()).isEqualTo(1_500);
        }
        // Without a terminal the progress goes to the error stream as plain lines, the last at 100%.
        List<String> progress = restore.err().lines().filter(l -> l.startsWith("restore ")).toList();
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).contains("[########################] 100.0%")
                .contains("1,500/1,500 items").contains("SUCCEEDED");

        // Following it again once it has ended prints how it ended.
        String id = end.get("restoreId").asString();
        CliRun.Result again = as(TestDaemon.VIEWER).run("restore", "follow", id);
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("restore " + id + " SUCCEEDED: 1,500 items of local/" + TABLE)
                .contains("into '" + target + "' and verified");
        CliRun.Result notRunning = as(TestDaemon.OPERATOR).run("cancel", id);
        assertThat(notRunning.code()).isEqualTo(ExitCode.REFUSED);
        assertThat(notRunning.err()).contains("restore " + id + " is not running");
    }

    @Test
    void aCancelledRestoreEndsWithTheCancelledStatus() throws Exception {
        ensureBackup(BIG);
        CliRun.Result started = as(TestDaemon.OPERATOR).run("restore", "start", "local", BIG, "--detach");
        assertThat(started.code()).as(started.toString()).isZero();
        String id = started.out().trim();
        assertThat(id).matches("[a-z0-9-]{6,40}");
        CliRun.Result cancel = as(TestDaemon.OPERATOR).run("cancel", id);
        assertThat(cancel.code()).as(cancel.toString()).isZero();
        CliRun.Result followed = as(TestDaemon.VIEWER).run("restore", "follow", id);
        assertThat(followed.code()).as(followed.toString()).isEqualTo(ExitCode.CANCELLED);
        assertThat(followed.out()).contains("restore " + id + " CANCELLED");

        CliRun.Result audit = as(TestDaemon.ADMIN).run("audit", "--limit", "200", "-o", "json");
        assertThat(audit.code()).isZero();
        assertThat(StreamSupport.stream(audit.json().spliterator(), false)
                .filter(e -> e.get("action").asString().equals("restore.cancel")
                        && e.get("target").asString().equals(id) && e.get("actor").asString().equals("cli-operator")))
                .as("the cancel is in the audit log").hasSize(1);
        CliRun.Result auditTable = as(TestDaemon.ADMIN).run("audit", "--limit", "200");
        assertThat(auditTable.out().lines().findFirst().orElseThrow()).startsWith("ID").contains("ACTOR", "ACTION", "OUTCOME");
        assertThat(auditTable.out()).contains("restore.cancel");
    }

    // ---- plans

    @Test
    void aPlanDrillIsFollowedStageByStageToVerified() {
        ensureBackup(TABLE);
        ensureBackup(SECOND);
        CliRun.Result plans = as(TestDaemon.VIEWER).run("plan", "list");
        assertThat(plans.out()).contains("cli-plan").contains("first").contains("second");

        CliRun.Result run = as(TestDaemon.OPERATOR).run("plan", "run", "cli-plan");
        assertThat(run.code()).as(run.toString()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("of plan 'cli-plan' VERIFIED");
        assertThat(run.out().lines().filter(l -> l.contains("local/" + SECOND))).singleElement().asString()
                .contains("second").contains("VERIFIED");
        List<String> progress = run.err().lines().filter(l -> l.startsWith("plan run ")).toList();
        assertThat(progress.get(progress.size() - 1)).contains("100.0%").contains("2/2 tables").contains("VERIFIED");

        CliRun.Result incident = as(TestDaemon.OPERATOR).run("plan", "run", "cli-plan", "--incident");
        assertThat(incident.code()).as("an incident run needs the admin role").isEqualTo(ExitCode.AUTH);
        CliRun.Result unknown = as(TestDaemon.OPERATOR).run("plan", "run", "no-such-plan");
        assertThat(unknown.code()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(unknown.err()).contains("no-such-plan");
    }

    // ---- signed evidence, verified offline

    @Test
    void signedReportsAndTheComplianceExportAreSavedAndVerifiedOffline() throws Exception {
        ensureBackup(SECOND);
        ensureBackup(TABLE);
        CliRun.Result drill = as(TestDaemon.OPERATOR).run("drill", "start", "local", SECOND, "-o", "json");
        assertThat(drill.code()).as(drill.toString()).isZero();
        String drillId = drill.json().get("drillId").asString();
        String backupId = drill.json().get("backupId").asString();

        // The daemon's keys, saved for offline use, and the drill's envelope.
        CliRun.Result drills = as(TestDaemon.VIEWER).run("drill", "list", "--table", SECOND);
        assertThat(drills.out().lines().filter(l -> l.startsWith(drillId))).singleElement().asString()
                .endsWith("signed (cli-2026)");
        CliRun.Result keys = as(TestDaemon.VIEWER).run("keys", "-o", "json");
        assertThat(keys.code()).as(keys.toString()).isZero();
        Path keysFile = Files.writeString(home.resolve("keys.json"), keys.out());
        CliRun.Result keyTable = as(TestDaemon.VIEWER).run("keys");
        assertThat(keyTable.out()).contains("cli-2026").contains("active")
                .contains(VerifyCommand.sha256(signingKey.getPublic().getEncoded()));
        Path envelope = home.resolve("drill.dsse.json");
        CliRun.Result saved = as(TestDaemon.VIEWER).run("drill", "evidence", drillId, "--file", envelope.toString());
        assertThat(saved.code()).as(saved.toString()).isZero();
        CliRun.Result again = as(TestDaemon.VIEWER).run("drill", "evidence", drillId, "--file", envelope.toString());
        assertThat(again.code()).isEqualTo(ExitCode.USAGE);
        assertThat(again.err()).contains(envelope.toString()).contains("never written over");

        // Verified offline: no server is named, none is reachable.
        CliRun offline = new CliRun(home).env("REHEARSAL_SERVER", "http://127.0.0.1:9");
        CliRun.Result verified = offline.run("verify", envelope.toString(), "--keys", keysFile.toString());
        assertThat(verified.code()).as(verified.toString()).isZero();
        assertThat(verified.out()).contains("signed by key 'cli-2026'")
                .contains("https://rehearsal.dev/attestations/drill-report/v1")
                .contains("local/" + SECOND + "/" + backupId).contains("drill " + drillId).contains("PASSED");
        Path pem = Files.writeString(home.resolve("cli-2026.pem"), VerifyTest.pemText(signingKey.getPublic()));
        assertThat(offline.run("verify", envelope.toString(), "--key", "cli-2026=" + pem).code())
                .as("the key the test made, not the one the server serves").isZero();

        // One byte of the signed report changed: refused.
        JsonNode e = ApiClient.JSON.readTree(Files.readString(envelope));
        byte[] payload = Base64.getDecoder().decode(e.get("payload").asString());
        String text = new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        Path tampered = Files.writeString(home.resolve("tampered.dsse.json"), Files.readString(envelope).replace(
                e.get("payload").asString(), Base64.getEncoder().encodeToString(text.replace("\"PASSED\"", "\"PASSEd\"")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        assertThat(text).contains("\"PASSED\"");
        CliRun.Result refused = offline.run("verify", tampered.toString(), "--keys", keysFile.toString());
        assertThat(refused.code()).as(refused.toString()).isEqualTo(ExitCode.NOT_VERIFIED);
        assertThat(refused.err()).contains("NOT verified").contains("changed after it was signed");

        // A plan run's report.
        CliRun.Result run = as(TestDaemon.OPERATOR).run("plan", "run", "cli-plan", "-o", "json");
        assertThat(run.code()).as(run.toString()).isZero();
        String runId = run.json().get("runId").asString();
        Path planEnvelope = home.resolve("plan.dsse.json");
        assertThat(as(TestDaemon.VIEWER).run("plan", "evidence", runId, "--file", planEnvelope.toString()).code()).isZero();
        CliRun.Result planVerified = offline.run("verify", planEnvelope.toString(), "--keys", keysFile.toString());
        assertThat(planVerified.code()).as(planVerified.toString()).isZero();
        assertThat(planVerified.out()).contains("plan-run-report/v1").contains("local/" + TABLE + "/")
                .contains("local/" + SECOND + "/");

        // The compliance export: auditor or admin, signed, verified offline, as JSON and as CSV.
        String from = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        String to = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        CliRun.Result viewer = as(TestDaemon.VIEWER).run("export", "--from", from, "--to", to);
        assertThat(viewer.code()).isEqualTo(ExitCode.AUTH);
        assertThat(viewer.err()).contains("role 'viewer'");
        Path export = home.resolve("compliance.dsse.json");
        CliRun.Result exported = as(TestDaemon.AUDITOR).run("export", "--from", from, "--to", to, "--file", export.toString());
        assertThat(exported.code()).as(exported.toString()).isZero();
        assertThat(exported.out()).contains("signed by key 'cli-2026'").contains("application/vnd.rehearsal.compliance+json");
        String row = exported.out().lines().filter(l -> l.contains("local/" + SECOND)).findFirst().orElseThrow();
        assertThat(row).startsWith("table").contains("SOC2:A1.2");
        CliRun.Result exportVerified = offline.run("verify", export.toString(), "--keys", keysFile.toString());
        assertThat(exportVerified.code()).as(exportVerified.toString()).isZero();
        assertThat(exportVerified.out()).contains("compliance from");

        Path csv = home.resolve("compliance.csv.dsse.json");
        assertThat(as(TestDaemon.ADMIN).run("export", "--from", from, "--to", to, "--format", "csv", "--file",
                csv.toString()).code()).isZero();
        CliRun.Result csvPayload = offline.run("verify", csv.toString(), "--keys", keysFile.toString(), "--print-payload");
        assertThat(csvPayload.code()).isZero();
        assertThat(csvPayload.out()).startsWith("kind,name,policy,controls").contains("table,local/" + SECOND);

        CliRun.Result backwards = as(TestDaemon.AUDITOR).run("export", "--from", to, "--to", from, "--file", "-");
        assertThat(backwards.code()).as(backwards.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(backwards.err()).contains("HTTP 400");
    }

    private void ensureBackup(String table) {
        CliRun.Result list = as(TestDaemon.VIEWER).run("backups", "list", "--table", table, "-o", "json");
        if (list.json().isEmpty()) {
            CliRun.Result b = as(TestDaemon.OPERATOR).run("backups", "start", "local", table, "--wait");
            assertThat(b.code()).as(b.toString()).isZero();
        }
    }
}
