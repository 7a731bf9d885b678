package dev.rehearsal.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.TestTables;
import dev.rehearsal.dashboard.TestConfig;
import dev.rehearsal.dashboard.security.ApiTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * OIDC resource-server mode: JWTs signed by the provider's key, checked for issuer, audience and
 * expiry, their roles claim (nested, with a mapping of group names) giving the same three roles.
 * API tokens keep working beside it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OidcTest {

    static final DynamoDbLocal source = DynamoDbLocal.shared();
    static final String TABLE = TestTables.uniqueName("oidc");
    static final String ISSUER = "https://idp.rehearsal.test/realms/ops";
    static final KeyPair PROVIDER = keys();
    static final KeyPair STRANGER = keys();
    static final String VIEWER_TOKEN = ApiTokens.generate();

    @Autowired
    Environment environment;
    Api api;

    @DynamicPropertySource
    static void configure(DynamicPropertyRegistry r) throws Exception {
        try (DynamoDbClient c = source.client()) {
            TestTables.createSimple(c, TABLE);
            TestTables.fill(c, TABLE, 100, 100);
        }
        Path pem = Files.createTempFile("idp", ".pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                PROVIDER.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        TestConfig.daemon()
                .h2("oidc-test")
                .source(source)
                .filesystemStore(Files.createTempDirectory("rehearsal-oidc-test"))
                .policy("main", TABLE)
                .with("rehearsal.security.oidc.issuer-uri", ISSUER)
                .with("rehearsal.security.oidc.public-key-location", pem.toString())
                .with("rehearsal.security.oidc.audience", "rehearsal")
                .with("rehearsal.security.oidc.roles-claim", "realm_access.roles")
                .with("rehearsal.security.oidc.role-mapping.rehearsal-sre", "operator")
                .token("dashboard-reader", "viewer", VIEWER_TOKEN)
                .with("rehearsal.security.prometheus-open", "false")
                .addTo(r);
    }

    @BeforeEach
    void client() {
        api = new Api(Integer.parseInt(environment.getProperty("local.server.port")));
    }

    @Test
    void aProviderTokenGetsTheRoleItsClaimMapsTo() throws Exception {
        String sre = jwt(PROVIDER, "alice", ISSUER, List.of("rehearsal"), List.of("offline_access", "rehearsal-sre"),
                Instant.now().plusSeconds(300));
        assertThat(api.get("/api/v1/tables", sre).status()).isEqualTo(200);
        Api.Response backup = api.post("/api/v1/backups", sre, Map.of("source", "local", "table", TABLE));
        assertThat(backup.status()).as(backup.body()).isEqualTo(202);
        assertThat(api.get("/api/v1/audit", sre).problem(403)).contains("role 'operator'");

        String viewer = jwt(PROVIDER, "bob", ISSUER, List.of("rehearsal"), List.of("viewer"), Instant.now().plusSeconds(300));
        assertThat(api.get("/api/v1/coverage", viewer).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/backups", viewer, Map.of("source", "local", "table", TABLE)).problem(403))
                .contains("role 'viewer'");

        String nobody = jwt(PROVIDER, "carol", ISSUER, List.of("rehearsal"), List.of("payroll"), Instant.now().plusSeconds(300));
        assertThat(api.get("/api/v1/tables", nobody).problem(403)).contains("role 'none'");

        assertThat(api.get("/api/v1/tables", VIEWER_TOKEN).status()).as("API tokens work beside OIDC").isEqualTo(200);
    }

    @Test
    void tokensThatAreExpiredForeignForAnotherAudienceOrIssuerAreRefused() throws Exception {
        List<String> roles = List.of("admin");
        for (String bad : List.of(
                jwt(PROVIDER, "alice", ISSUER, List.of("rehearsal"), roles, Instant.now().minusSeconds(600)),
                jwt(STRANGER, "alice", ISSUER, List.of("rehearsal"), roles, Instant.now().plusSeconds(300)),
                jwt(PROVIDER, "alice", ISSUER, List.of("billing"), roles, Instant.now().plusSeconds(300)),
                jwt(PROVIDER, "alice", "https://evil.test", List.of("rehearsal"), roles, Instant.now().plusSeconds(300)),
                "not.a.jwt")) {
            Api.Response r = api.get("/api/v1/tables", bad);
            assertThat(r.problem(401)).contains("not accepted");
            assertThat(r.header("WWW-Authenticate")).contains("invalid_token");
        }
    }

    @Test
    void theScrapeCanBePutBehindAToken() throws Exception {
        assertThat(api.get("/actuator/prometheus", null).problem(401)).contains("bearer token");
        assertThat(api.get("/actuator/prometheus", VIEWER_TOKEN).status()).isEqualTo(200);
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
    }

    private static String jwt(KeyPair key, String subject, String issuer, List<String> audience, List<String> roles,
            Instant expires) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                .subject(subject).issuer(issuer).audience(audience)
                .issueTime(Date.from(Instant.now().minusSeconds(700))).expirationTime(Date.from(expires))
                .claim("realm_access", Map.of("roles", roles)).build());
        jwt.sign(new RSASSASigner((RSAPrivateKey) key.getPrivate()));
        return jwt.serialize();
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
