package dev.rehearsal.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.TestTables;
import dev.rehearsal.dashboard.TestConfig;
import dev.rehearsal.dashboard.security.ApiTokens;
import dev.rehearsal.drill.evidence.Dsse;
import dev.rehearsal.drill.evidence.Envelope;
import dev.rehearsal.drill.evidence.EvidenceKeys;
import dev.rehearsal.drill.evidence.Statements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import tools.jackson.databind.JsonNode;

/**
 * Signed evidence against the real daemon: a signing key and a retired key from PEM files, a drill
 * and a plan drill run over the API whose envelopes verify with the served public key (and fail
 * once changed), the compliance export, and the auditor role, which reads everything and changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EvidenceApiTest {

    static final DynamoDbLocal source = DynamoDbLocal.shared();
    static final DynamoDbLocal sandbox = DynamoDbLocal.start();
    static final String VIEWER = ApiTokens.generate();
    static final String OPERATOR = ApiTokens.generate();
    static final String ADMIN = ApiTokens.generate();
    static final String AUDITOR = ApiTokens.generate();
    static final String TABLE = TestTables.uniqueName("evidence");
    static Path store;
    static KeyPair current;
    static KeyPair retired;

    @Autowired
    Environment environment;
    @Autowired
    JdbcTemplate jdbc;
    Api api;

    @DynamicPropertySource
    static void configure(DynamicPropertyRegistry r) throws Exception {
        try (DynamoDbClient c = source.client()) {
            TestTables.createSimple(c, TABLE);
            TestTables.fill(c, TABLE, 300, 80);
        }
        Path keys = Files.createTempDirectory("rehearsal-evidence-keys");
        current = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        retired = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.writeString(keys.resolve("signing.pem"), pem("PRIVATE KEY", current.getPrivate().getEncoded()));
        Files.writeString(keys.resolve("old.pub.pem"), pem("PUBLIC KEY", retired.getPublic().getEncoded()));
        store = Files.createTempDirectory("rehearsal-evidence-test");
        TestConfig.daemon()
                .h2("evidence-test")
                .source(source)
                .with("rehearsal.sources.local.include[0]", TABLE)
                .filesystemStore(store)
                .policy("main", TABLE)
                .with("rehearsal.policies.main.controls[0]", "SOC2:A1.2")
                .with("rehearsal.policies.main.controls[1]", "ISO27001:A.8.13")
                .drillsIn(sandbox)
                .with("rehearsal.plans.checkout.drill-cron", TestConfig.NEVER)
                .with("rehearsal.plans.checkout.stages[0].name", "all")
                .with("rehearsal.plans.checkout.stages[0].tables[0]", "local/" + TABLE)
                .with("rehearsal.plans.checkout.stages[0].objective", "30m")
                .with("rehearsal.evidence.signing-key", keys.resolve("signing.pem").toString())
                .with("rehearsal.evidence.key-id", "rehearsal-2026")
                .with("rehearsal.evidence.retired-keys.rehearsal-2025", keys.resolve("old.pub.pem").toString())
                .with("rehearsal.coverage-interval", "2s")
                .with("rehearsal.security.unauthenticated-audit-per-minute", "1000")
                .token("ev-viewer", "viewer", VIEWER)
                .token("ev-operator", "operator", OPERATOR)
                .token("ev-admin", "admin", ADMIN)
                .token("ev-auditor", "auditor", AUDITOR)
                .addTo(r);
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @BeforeEach
    void client() {
        api = new Api(Integer.parseInt(environment.getProperty("local.server.port")));
    }

    @Test
    void thePublicKeysAreServedByKeyIdTheCurrentAndTheRetired() throws Exception {
        JsonNode k = api.get("/api/v1/evidence/keys", VIEWER).json();
        assertThat(k.get("signing").asBoolean()).isTrue();
        assertThat(k.get("activeKeyId").asString()).isEqualTo("rehearsal-2026");
        assertThat(k.get("keys")).hasSize(2);
        JsonNode active = k.get("keys").get(0);
        assertThat(active.get("keyId").asString()).isEqualTo("rehearsal-2026");
        assertThat(active.get("status").asString()).isEqualTo("active");
        assertThat(Base64.getDecoder().decode(active.get("publicKeyDer").asString())).isEqualTo(current.getPublic().getEncoded());
        assertThat(EvidenceKeys.publicKeyFromPem(active.get("publicKeyPem").asString(), "served PEM"))
                .isEqualTo(current.getPublic());
        JsonNode old = k.get("keys").get(1);
        assertThat(old.get("keyId").asString()).isEqualTo("rehearsal-2025");
        assertThat(old.get("status").asString()).isEqualTo("retired");
        assertThat(Base64.getDecoder().decode(old.get("publicKeyDer").asString())).isEqualTo(retired.getPublic().getEncoded());
    }

    @Test
    void aDrillsReportIsSignedVerifiesWithTheServedKeyAndFailsOnceChanged() throws Exception {
        String drillId = drill();
        JsonNode summary = api.get("/api/v1/drills/" + drillId, VIEWER).json();
        assertThat(summary.get("evidence").get("signed").asBoolean()).isTrue();
        assertThat(summary.get("evidence").get("keyId").asString()).isEqualTo("rehearsal-2026");

        Api.Response r = api.get("/api/v1/drills/" + drillId + "/evidence", VIEWER);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Envelope e = Envelope.fromJson(r.body());
        assertThat(e.payloadType()).isEqualTo("application/vnd.in-toto+json");
        assertThat(e.payloadSha256()).isEqualTo(summary.get("evidence").get("payloadSha256").asString());
        Map<String, PublicKey> served = servedKeys();
        assertThat(Dsse.verify(e, served).status()).isEqualTo(Dsse.Status.VERIFIED);

        JsonNode statement = Api.JSON.readTree(e.payloadText());
        assertThat(statement.get("_type").asString()).isEqualTo("https://in-toto.io/Statement/v1");
        assertThat(statement.get("predicateType").asString()).isEqualTo(Statements.DRILL_PREDICATE);
        JsonNode report = api.get("/api/v1/drills/" + drillId + "/report.json", VIEWER).json();
        assertThat(statement.get("predicate").get("report")).isEqualTo(report);
        String backupId = report.get("backupId").asString();
        JsonNode subject = statement.get("subject").get(0);
        assertThat(subject.get("name").asString()).isEqualTo("local/" + TABLE + "/" + backupId);
        assertThat(subject.get("digest").get("sha256").asString()).isEqualTo(manifestSeal(backupId));

        // One changed byte of the payload, of the signature, or of the key id: no longer verified.
        byte[] payload = e.payload().clone();
        payload[payload.length - 5] ^= 1;
        assertThat(Dsse.verify(new Envelope(e.payloadType(), payload, e.signatures()), served).verified()).isFalse();
        byte[] sig = e.signatures().get(0).sig().clone();
        sig[10] ^= 1;
        assertThat(Dsse.verify(new Envelope(e.payloadType(), e.payload(), List.of(new Envelope.Signature("rehearsal-2026",
                sig))), served).verified()).isFalse();
        assertThat(Dsse.verify(new Envelope(e.payloadType(), e.payload(), List.of(new Envelope.Signature("rehearsal-2025",
                e.signatures().get(0).sig()))), served).verified()).isFalse();
    }

    @Test
    void aPlanDrillsReportIsSignedWithASubjectPerRestoredBackup() throws Exception {
        drill();
        Api.Response started = api.post("/api/v1/plans/checkout/drills", OPERATOR, Map.of());
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String runId = started.json().get("runId").asString();
        JsonNode run = api.await("/api/v1/plan-runs/" + runId, VIEWER, j -> j.has("evidence") && !j.get("evidence").isNull(),
                Duration.ofMinutes(2));
        assertThat(run.get("status").asString()).isEqualTo("VERIFIED");
        Envelope e = Envelope.fromJson(api.get("/api/v1/plan-runs/" + runId + "/evidence", AUDITOR).body());
        assertThat(Dsse.verify(e, servedKeys()).status()).isEqualTo(Dsse.Status.VERIFIED);
        JsonNode statement = Api.JSON.readTree(e.payloadText());
        assertThat(statement.get("predicateType").asString()).isEqualTo(Statements.PLAN_RUN_PREDICATE);
        assertThat(statement.get("predicate").get("report")).isEqualTo(api.get("/api/v1/plan-runs/" + runId + "/report",
                VIEWER).json());
        JsonNode subject = statement.get("subject").get(0);
        String backupId = subject.get("name").asString().substring(("local/" + TABLE + "/").length());
        assertThat(subject.get("digest").get("sha256").asString()).isEqualTo(manifestSeal(backupId));
        assertThat(api.get("/api/v1/plan-runs/plan-20260101t000000-000000/evidence", VIEWER).problem(404))
                .contains("no plan run");
        assertThat(api.get("/api/v1/drills/20260101t000000-000000/evidence", VIEWER).problem(404)).contains("no drill");
    }

    @Test
    void theComplianceExportCitesTheSignedReportsAndIsItselfSigned() throws Exception {
        String drillId = drill();
        String digest = api.get("/api/v1/drills/" + drillId, VIEWER).json().get("evidence").get("payloadSha256").asString();
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        String period = "from=" + today.minusDays(30) + "&to=" + today.plusDays(1) + "T00:00:00Z";
        Api.Response exported = api.get("/api/v1/compliance/export?" + period, AUDITOR);
        assertThat(exported.status()).as(exported.body()).isEqualTo(200);
        assertThat(exported.header("Content-Disposition")).contains("rehearsal-compliance-" + today.minusDays(30) + "-" + today.plusDays(1) + ".json.dsse.json");
        Envelope e = Envelope.fromJson(exported.body());
        assertThat(e.payloadType()).isEqualTo("application/vnd.rehearsal.compliance+json");
        assertThat(Dsse.verify(e, servedKeys()).status()).isEqualTo(Dsse.Status.VERIFIED);
        JsonNode doc = Api.JSON.readTree(e.payloadText());
        assertThat(doc.get("signingKeyId").asString()).isEqualTo("rehearsal-2026");
        JsonNode row = null;
        for (JsonNode t : doc.get("tables")) {
            if (t.get("table").asString().equals(TABLE)) {
                row = t;
            }
        }
        assertThat(row).as(doc.toString()).isNotNull();
        assertThat(row.get("policy").asString()).isEqualTo("main");
        assertThat(row.get("controls").toString()).isEqualTo("[\"SOC2:A1.2\",\"ISO27001:A.8.13\"]");
        assertThat(row.get("backupsTaken").asLong()).isPositive();
        assertThat(row.get("drillsPassed").asInt()).isPositive();
        assertThat(row.get("rtoObjectiveSeconds").asDouble()).isEqualTo(600.0);
        assertThat(row.get("rtoMet").asBoolean()).isTrue();
        boolean cited = false;
        for (JsonNode rep : row.get("reports")) {
            cited |= rep.get("id").asString().equals(drillId) && rep.get("payloadSha256").asString().equals(digest)
                    && rep.get("signed").asBoolean();
        }
        assertThat(cited).as(row.toString()).isTrue();
        assertThat(doc.get("plans").get(0).get("plan").asString()).isEqualTo("checkout");
        assertThat(doc.get("plans").get(0).get("controls").toString()).isEqualTo("[\"ISO27001:A.8.13\",\"SOC2:A1.2\"]");

        Envelope csv = Envelope.fromJson(api.get("/api/v1/compliance/export?" + period + "&format=csv", ADMIN).body());
        assertThat(csv.payloadType()).isEqualTo("application/vnd.rehearsal.compliance+csv");
        assertThat(Dsse.verify(csv, servedKeys()).verified()).isTrue();
        String[] lines = csv.payloadText().split("\r\n");
        assertThat(lines[0]).startsWith("kind,name,policy,controls,from,to,backups_taken,drills_passed");
        assertThat(Stream.of(lines).filter(l -> l.startsWith("table,local/" + TABLE + ",main,SOC2:A1.2;ISO27001:A.8.13,"))
                .findFirst()).get().asString().contains(drillId + ":" + digest);

        JsonNode bare = api.get("/api/v1/compliance?" + period, AUDITOR).json();
        assertThat(bare.get("format").asString()).isEqualTo("rehearsal-compliance");
    }

    @Test
    void badPeriodsGetProblemsThatNameTheParameter() throws Exception {
        assertThat(api.get("/api/v1/compliance?to=2026-12-01", AUDITOR).problem(400)).contains("'from' is required");
        assertThat(api.get("/api/v1/compliance?from=2026-12-01", AUDITOR).problem(400)).contains("'to' is required");
        assertThat(api.get("/api/v1/compliance?from=last-quarter&to=2026-12-01", AUDITOR).problem(400))
                .contains("'from' must be an ISO-8601 instant").contains("last-quarter");
        assertThat(api.get("/api/v1/compliance/export?from=2026-12-01&to=2026-11-01", AUDITOR).problem(400))
                .contains("'from' (2026-12-01T00:00:00Z) must be before 'to'");
        assertThat(api.get("/api/v1/compliance?from=2026-12-01&to=2026-12-01", AUDITOR).problem(400))
                .contains("must be before");
        assertThat(api.get("/api/v1/compliance?from=2024-01-01&to=2026-01-01", AUDITOR).problem(400))
                .contains("longer than 366 days");
        assertThat(api.get("/api/v1/compliance/export?from=2026-01-01&to=2026-02-01&format=xml", AUDITOR).problem(400))
                .contains("'format' must be json or csv");
    }

    @Test
    void theAuditorReadsEverythingAndEveryChangeItAsksForIsRefusedAndAudited() throws Exception {
        List<String[]> endpoints = new java.util.ArrayList<>(Api.endpoints(TABLE));
        endpoints.add(new String[] {"POST", "/api/v1/compliance", "{}"});
        endpoints.add(new String[] {"PUT", "/api/v1/drills/20260101t000000-000000", "{}"});
        endpoints.add(new String[] {"PATCH", "/api/v1/tables/local/" + TABLE, "{}"});
        long started = rows("rehearsal_restore") + rows("rehearsal_drill") + rows("rehearsal_plan_run") + rows("rehearsal_backup");
        int refused = 0;
        for (String[] e : endpoints) {
            String body = e[2];
            String path = e[1];
            Api.Response r = api.send(e[0], path, AUDITOR, body, body == null ? null : "application/json");
            if (e[0].equals("GET")) {
                assertThat(r.status()).as(e[0] + " " + path + ": " + r.body()).isNotIn(401, 403);
            } else {
                assertThat(r.problem(403)).as(e[0] + " " + path).contains("role 'auditor' may not");
                assertThat(jdbc.queryForList("SELECT actor || ' ' || role || ' ' || outcome FROM rehearsal_audit"
                        + " WHERE request_id = ?", String.class, r.requestId())).as("the audit entry of " + e[0] + " " + path)
                        .containsExactly("ev-auditor auditor 403 denied");
                refused++;
            }
        }
        assertThat(refused).isGreaterThanOrEqualTo(9);
        assertThat(rows("rehearsal_restore") + rows("rehearsal_drill") + rows("rehearsal_plan_run") + rows("rehearsal_backup"))
                .as("the auditor started nothing").isEqualTo(started);
        assertThat(api.get("/api/v1/audit", AUDITOR).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/audit", ADMIN).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/compliance?from=2026-01-01&to=2026-02-01", ADMIN).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/compliance?from=2026-01-01&to=2026-02-01", OPERATOR).problem(403))
                .contains("role 'operator'").contains("auditor role");
        assertThat(api.get("/api/v1/compliance?from=2026-01-01&to=2026-02-01", VIEWER).problem(403))
                .contains("role 'viewer'").contains("auditor role");
    }

    private String drill() throws Exception {
        if (rows("rehearsal_backup") == 0) {
            Api.Response b = api.post("/api/v1/backups", OPERATOR, Map.of("source", "local", "table", TABLE));
            assertThat(b.status()).as(b.body()).isEqualTo(202);
            api.await("/api/v1/backups?source=local&table=" + TABLE, VIEWER, j -> j.size() > 0, Duration.ofMinutes(1));
        }
        Api.Response d = api.post("/api/v1/drills", OPERATOR, Map.of("source", "local", "table", TABLE));
        if (d.status() == 409) { // another test's drill of the table runs; wait for it, then drill again
            api.await("/api/v1/drills?source=local&table=" + TABLE, VIEWER, j -> j.size() > 0, Duration.ofMinutes(2));
            Thread.sleep(500);
            d = api.post("/api/v1/drills", OPERATOR, Map.of("source", "local", "table", TABLE));
        }
        assertThat(d.status()).as(d.body()).isEqualTo(202);
        String id = d.json().get("drillId").asString();
        JsonNode done = api.await("/api/v1/drills/" + id, VIEWER, j -> !j.get("status").asString().equals("RUNNING"),
                Duration.ofMinutes(2));
        assertThat(done.get("status").asString()).isEqualTo("PASSED");
        return id;
    }

    private Map<String, PublicKey> servedKeys() throws Exception {
        Map<String, PublicKey> keys = new java.util.HashMap<>();
        for (JsonNode k : api.get("/api/v1/evidence/keys", VIEWER).json().get("keys")) {
            keys.put(k.get("keyId").asString(), EvidenceKeys.publicKey(Base64.getDecoder().decode(k.get("publicKeyDer")
                    .asString()), "served key " + k.get("keyId").asString()));
        }
        return keys;
    }

    /** The seal written in the backup's manifest file in the store. */
    private static String manifestSeal(String backupId) throws Exception {
        try (Stream<Path> files = Files.walk(store)) {
            Path manifest = files.filter(p -> p.getFileName().toString().equals("manifest.json")
                    && p.getParent().getFileName().toString().equals(backupId)).findFirst().orElseThrow();
            return Api.JSON.readTree(Files.readString(manifest, StandardCharsets.UTF_8)).get("manifestSha256").asString();
        }
    }

    private long rows(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }
}
