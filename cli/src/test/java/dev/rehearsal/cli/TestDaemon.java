package dev.rehearsal.cli;

import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.dashboard.security.ApiTokens;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The daemon the command line talks to in the tests: the real one (the dashboard module, a test
 * dependency only), with DynamoDB Local as source {@value #SOURCE} and as sandbox, a filesystem
 * store, an H2 catalog, schedules that never fire (a test starts what it needs), and one API token
 * per role of which the daemon knows only the SHA-256.
 */
final class TestDaemon {

    static final String SOURCE = "local";
    static final String NEVER = "0 0 0 1 1 *";
    static final String VIEWER = ApiTokens.generate();
    static final String OPERATOR = ApiTokens.generate();
    static final String ADMIN = ApiTokens.generate();
    static final String AUDITOR = ApiTokens.generate();

    private final Map<String, String> properties = new LinkedHashMap<>();

    TestDaemon(String catalog, DynamoDbLocal source, DynamoDbLocal sandbox, Path store) {
        put("spring.datasource.url", "jdbc:h2:mem:" + catalog + ";DB_CLOSE_DELAY=-1");
        put("rehearsal.sources." + SOURCE + ".endpoint", source.endpoint().toString());
        credentials("rehearsal.sources." + SOURCE + ".");
        put("rehearsal.stores.disk.type", "filesystem");
        put("rehearsal.stores.disk.path", store.toString());
        put("rehearsal.sandbox.endpoint", sandbox.endpoint().toString());
        credentials("rehearsal.sandbox.");
        token("cli-viewer", "viewer", VIEWER);
        token("cli-operator", "operator", OPERATOR);
        token("cli-admin", "admin", ADMIN);
        token("cli-auditor", "auditor", AUDITOR);
    }

    /** Signs reports with this Ed25519 private key (PKCS#8 PEM) under this key id. */
    TestDaemon signing(Path privateKeyPem, String keyId) {
        put("rehearsal.evidence.signing-key", privateKeyPem.toString());
        return put("rehearsal.evidence.key-id", keyId);
    }

    /** A policy over these tables of the source, backed up and drilled only when a test asks. */
    TestDaemon policy(String name, String... tables) {
        String p = "rehearsal.policies." + name + ".";
        put(p + "source", SOURCE);
        for (int i = 0; i < tables.length; i++) {
            put(p + "tables[" + i + "]", tables[i]);
        }
        put(p + "store", "disk");
        put(p + "backup-cron", NEVER);
        put(p + "drill-cron", NEVER);
        put(p + "rto", "10m");
        put(p + "rpo", "1d");
        return this;
    }

    TestDaemon with(String key, String value) {
        return put(key, value);
    }

    void addTo(DynamicPropertyRegistry registry) {
        properties.forEach((k, v) -> registry.add(k, () -> v));
    }

    private void token(String name, String role, String token) {
        put("rehearsal.security.tokens." + name + ".sha256", ApiTokens.sha256(token));
        put("rehearsal.security.tokens." + name + ".role", role);
    }

    private void credentials(String prefix) {
        put(prefix + "credentials.type", "static");
        put(prefix + "credentials.access-key-id", "rehearsal");
        put(prefix + "credentials.secret-access-key", "local");
    }

    private TestDaemon put(String key, String value) {
        properties.put(key, value);
        return this;
    }
}
