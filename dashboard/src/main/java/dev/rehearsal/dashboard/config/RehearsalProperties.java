package dev.rehearsal.dashboard.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code rehearsal.*}; see {@code dashboard/rehearsal-example.yaml} for a commented
 * example. Names of sources, stores and policies are the map keys.
 */
@ConfigurationProperties("rehearsal")
public record RehearsalProperties(
        Map<String, Source> sources,
        Map<String, Store> stores,
        Map<String, Policy> policies,
        Sandbox sandbox,
        @DefaultValue("90d") Duration historyRetention,
        Security security,
        @DefaultValue("1m") Duration coverageInterval) {

    public RehearsalProperties {
        sources = sources == null ? Map.of() : sources;
        stores = stores == null ? Map.of() : stores;
        policies = policies == null ? Map.of() : policies;
        security = security == null ? new Security(Map.of(), null, true, null, null) : security;
    }

    /**
     * Who may call the API. Every endpoint but health needs a bearer token: an API token listed
     * here (by the SHA-256 of the token, never the token itself), or, with {@code oidc} set, a JWT
     * from the identity provider.
     *
     * @param tokens         API tokens by name (the name is who the audit log says acted)
     * @param oidc           JWT resource-server mode, or null
     * @param prometheusOpen serve {@code /actuator/prometheus} without a token (for a scraper inside the network)
     * @param maxRequestBody largest request body accepted, in bytes (default 16 KiB)
     * @param unauthenticatedAuditPerMinute how many requests refused with 401 the audit log records a
     *                       minute, in each replica (default 60); those past it are counted in the next entry
     */
    public record Security(Map<String, Token> tokens, Oidc oidc, @DefaultValue("true") boolean prometheusOpen,
            Integer maxRequestBody, Integer unauthenticatedAuditPerMinute) {

        public Security {
            tokens = tokens == null ? Map.of() : tokens;
            maxRequestBody = maxRequestBody == null ? 16 * 1024 : maxRequestBody;
            unauthenticatedAuditPerMinute = unauthenticatedAuditPerMinute == null ? 60 : unauthenticatedAuditPerMinute;
        }
    }

    /**
     * @param sha256 the SHA-256 of the token, in hex: {@code printf %s "$TOKEN" | sha256sum}
     * @param role   {@code viewer}, {@code operator} or {@code admin}
     */
    public record Token(String sha256, String role) {
    }

    /**
     * JWTs from an OpenID Connect provider; one of the three key sources must be set.
     *
     * @param issuerUri          the issuer; keys are found through its discovery document, and tokens must name it
     * @param jwkSetUri          the provider's JWK set, when there is no discovery
     * @param publicKeyLocation  a PEM file holding the RSA public key that signs tokens
     * @param audience           tokens must name this audience, if set
     * @param rolesClaim         the claim holding the roles, a dotted path for nested claims ({@code realm_access.roles})
     * @param roleMapping        claim value to role, for providers whose group names differ; by default the
     *                           values {@code viewer}, {@code operator} and {@code admin} are taken as they are
     */
    public record Oidc(String issuerUri, java.net.URI jwkSetUri, String publicKeyLocation, String audience,
            @DefaultValue("roles") String rolesClaim, Map<String, String> roleMapping) {

        public Oidc {
            roleMapping = roleMapping == null ? Map.of() : roleMapping;
        }
    }

    /**
     * A database whose tables may be backed up.
     *
     * @param kind                the engine: {@code dynamodb} or {@code postgres}
     * @param endpoint            DynamoDB: null for the region's AWS endpoint
     * @param credentials         DynamoDB: the backup reader's credentials
     * @param include             glob patterns of tables this source offers ({@code *} if empty)
     * @param exclude             glob patterns of tables that are deliberately not protected
     * @param jdbcUrl             PostgreSQL: {@code jdbc:postgresql://host:port/database}, without a password
     * @param username            PostgreSQL: the role to connect as, which needs only to read
     * @param password            PostgreSQL: its password; never written to a manifest or a log
     * @param recoveryCredentials DynamoDB: the credentials an admin's restore into a new table on this
     *                            source uses, so that the backup reader needs no write rights; when
     *                            null, such restores use {@code credentials} (see docs/SECURITY.md)
     */
    public record Source(
            @DefaultValue("dynamodb") String kind,
            URI endpoint,
            @DefaultValue("us-east-1") String region,
            Credentials credentials,
            List<String> include,
            List<String> exclude,
            String jdbcUrl,
            String username,
            String password,
            Credentials recoveryCredentials) {

        public Source {
            include = include == null || include.isEmpty() ? List.of("*") : include;
            exclude = exclude == null ? List.of() : exclude;
        }
    }

    /**
     * How to authenticate to AWS or an AWS-compatible endpoint.
     *
     * @param type {@code default} (the SDK's default chain: environment, profile, IRSA, instance role),
     *             {@code profile}, or {@code static} (for local endpoints only)
     */
    public record Credentials(@DefaultValue("default") String type, String profile, String accessKeyId,
            String secretAccessKey) {
    }

    /**
     * Where backups are written.
     *
     * @param type {@code filesystem} (with {@code path}) or {@code s3} (with {@code bucket}, optional
     *             {@code prefix}, {@code region}, {@code endpoint}, {@code path-style}, {@code sse})
     */
    public record Store(
            String type,
            Path path,
            String bucket,
            @DefaultValue("") String prefix,
            @DefaultValue("us-east-1") String region,
            URI endpoint,
            @DefaultValue("false") boolean pathStyle,
            @DefaultValue("none") String sse,
            String kmsKeyId,
            Credentials credentials) {
    }

    /**
     * What to do with the tables whose names match {@code tables} in {@code source}.
     *
     * @param backupCron  six-field Spring cron (second minute hour day month weekday), in UTC
     * @param drillCron   when to rehearse a restore; empty for never (the coverage audit reports it)
     * @param rto         recovery time objective: a drill slower than this does not meet it
     * @param rpo         recovery point objective: the maximum age of the newest backup
     * @param runOnStart  also back up and drill once right after start-up (the demo does)
     * @param readLimit   items per second a backup may read, over all segments; 0 for no limit
     * @param drillMaxAge how old the newest passing drill may be before the table counts as not
     *                    drilled recently; by default twice the drill schedule's interval
     */
    public record Policy(
            String source,
            List<String> tables,
            String store,
            String backupCron,
            String drillCron,
            Retention retention,
            Duration rto,
            Duration rpo,
            @DefaultValue("false") boolean runOnStart,
            @DefaultValue("20") int spotChecks,
            @DefaultValue("0") double readLimit,
            Duration drillMaxAge) {

        public Policy {
            tables = tables == null ? List.of() : tables;
            retention = retention == null ? new Retention(7, 7, 4, 6) : retention;
        }
    }

    /** How many backups retention keeps: the last N, and the newest of each of the last N days, weeks and months. */
    public record Retention(int keepLast, int daily, int weekly, int monthly) {
    }

    /**
     * Where drills restore. Another endpoint, account or region than the sources is recommended.
     *
     * @param prefix   every sandbox table's name starts with this
     * @param postgres where drills of PostgreSQL tables restore, or null
     */
    public record Sandbox(URI endpoint, @DefaultValue("us-east-1") String region, Credentials credentials,
            @DefaultValue("rehearsal-sandbox-") String prefix, PostgresSandbox postgres) {
    }

    /**
     * A PostgreSQL database that drills restore into, each drill in a schema of its own.
     *
     * @param prefix          every sandbox schema's name starts with this
     * @param loadConnections COPY streams that load at once
     */
    public record PostgresSandbox(String jdbcUrl, String username, String password,
            @DefaultValue("rehearsal_sandbox_") String prefix, @DefaultValue("4") int loadConnections) {
    }
}
