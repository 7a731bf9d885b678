package dev.rehearsal.dashboard.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Everything under {@code rehearsal.*} that is the same whatever the engine; see
 * {@code dashboard/rehearsal-example.yaml} for a commented example. Names of sources, stores and
 * policies are the map keys. What an engine reads from a source's section or from the sandbox (an
 * endpoint, a JDBC URL, credentials) is not here: each engine binds its own part through a
 * {@link dev.rehearsal.dashboard.engine.port.ConfigSection} ({@link BinderSection}), from the same keys.
 *
 * @param sandbox {@code rehearsal.sandbox} as configured, or null when it is not: whether there is a
 *                sandbox is shared knowledge (drills need one), what is in it belongs to the engines
 */
@ConfigurationProperties("rehearsal")
public record RehearsalProperties(
        Map<String, Source> sources,
        Map<String, Store> stores,
        Map<String, Policy> policies,
        Map<String, Object> sandbox,
        @DefaultValue("90d") Duration historyRetention,
        Security security,
        @DefaultValue("1m") Duration coverageInterval,
        Map<String, Plan> plans,
        Cluster cluster,
        Evidence evidence) {

    public RehearsalProperties {
        cluster = cluster == null ? Cluster.OFF : cluster;
        sources = sources == null ? Map.of() : sources;
        stores = stores == null ? Map.of() : stores;
        policies = policies == null ? Map.of() : policies;
        plans = plans == null ? Map.of() : plans;
        security = security == null ? new Security(Map.of(), null, true, null, null) : security;
        evidence = evidence == null ? new Evidence(null, null, null) : evidence;
    }

    /**
     * Remote partitioning ({@code rehearsal.cluster}): a backup's partitions are handed over
     * RabbitMQ ({@code spring.rabbitmq.*}) to workers on every replica that shares the catalog,
     * Spring Batch's remote partitioning, instead of running in the process that launched it.
     *
     * @param enabled           off: every partition runs in the launching process, as without a cluster
     * @param workerConcurrency partitions this replica runs at once for any replica
     * @param heartbeat         how often a worker marks its running partitions alive in the catalog
     * @param deadAfter         a running partition whose heartbeat is older is failed, and its job restarted
     * @param restarts          how many times a job one of whose workers died is restarted
     * @param queue             the durable queue partition requests go through
     */
    public record Cluster(boolean enabled, @DefaultValue("2") int workerConcurrency,
            @DefaultValue("5s") Duration heartbeat, @DefaultValue("30s") Duration deadAfter,
            @DefaultValue("2") int restarts, @DefaultValue("rehearsal.partitions") String queue) {

        static final Cluster OFF = new Cluster(false, 2, Duration.ofSeconds(5), Duration.ofSeconds(30), 2,
                "rehearsal.partitions");

        /** What is wrong with these settings, one line per problem naming its key. */
        public List<String> problems() {
            List<String> problems = new java.util.ArrayList<>();
            if (workerConcurrency < 1) {
                problems.add("rehearsal.cluster.worker-concurrency: must be at least 1, is " + workerConcurrency);
            }
            if (restarts < 0) {
                problems.add("rehearsal.cluster.restarts: must be 0 or more, is " + restarts);
            }
            if (heartbeat == null || heartbeat.isNegative() || heartbeat.isZero()) {
                problems.add("rehearsal.cluster.heartbeat: must be a positive duration");
            } else if (deadAfter == null || deadAfter.compareTo(heartbeat.multipliedBy(2)) <= 0) {
                problems.add("rehearsal.cluster.dead-after: must be more than twice rehearsal.cluster.heartbeat ("
                        + heartbeat.toMillis() + " ms), or a live worker is taken for dead");
            }
            if (queue == null || queue.isBlank() || queue.length() > 255) {
                problems.add("rehearsal.cluster.queue: must be a queue name of 1 to 255 characters");
            }
            return problems;
        }
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
     * Signed drill evidence ({@code rehearsal.evidence}, docs/EVIDENCE.md): every drill and plan-run
     * report is stored in a DSSE envelope, signed with Ed25519 when a key is configured.
     *
     * @param signingKey  a PEM PKCS#8 Ed25519 private key file ({@code openssl genpkey -algorithm ed25519});
     *                    none: reports are stored unsigned, and the dashboard and the API say so
     * @param keyId       the id envelopes name the key by; required with a signing key
     * @param retiredKeys public keys (PEM files) of keys that signed before, by key id: served with the
     *                    current one so that older reports stay verifiable after a rotation
     */
    public record Evidence(Path signingKey, String keyId, Map<String, Path> retiredKeys) {

        public Evidence {
            retiredKeys = retiredKeys == null ? Map.of() : retiredKeys;
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
     * @param clientId           the dashboard's client at the provider; set, the dashboard offers single sign-on
     *                           (authorization code with PKCE), its endpoints found through {@code issuerUri}
     * @param clientSecret       the client's secret; empty for a public client, which PKCE alone protects
     * @param scopes             the scopes the dashboard asks for at sign-in; {@code openid} must be one
     */
    public record Oidc(String issuerUri, java.net.URI jwkSetUri, String publicKeyLocation, String audience,
            @DefaultValue("roles") String rolesClaim, Map<String, String> roleMapping, String clientId,
            String clientSecret, List<String> scopes) {

        public Oidc {
            roleMapping = roleMapping == null ? Map.of() : roleMapping;
            scopes = scopes == null || scopes.isEmpty() ? List.of("openid", "profile") : List.copyOf(scopes);
        }

        /** Whether the dashboard signs people in through the provider. */
        public boolean signIn() {
            return clientId != null;
        }
    }

    /**
     * A database whose tables may be backed up: the keys every engine shares. The rest of
     * {@code rehearsal.sources.<name>} is the engine's (see its package in
     * {@code dev.rehearsal.dashboard.engine}).
     *
     * @param kind    the engine, one of those installed; when not set, the default engine's
     * @param include glob patterns of tables this source offers ({@code *} if empty)
     * @param exclude glob patterns of tables that are deliberately not protected
     * @param section every key of the source's section as it was bound, the engine's among them. It is
     *                there so that a source configured by its engine's keys alone ({@code endpoint} and
     *                {@code region}, say) binds at all: a record none of whose own keys is set does not.
     *                Nothing reads it; engines bind their keys through a {@code ConfigSection}, which
     *                keeps Spring's relaxed names that a raw map loses.
     */
    public record Source(String kind, List<String> include, List<String> exclude, @Name("") Map<String, Object> section) {

        public Source {
            include = include == null || include.isEmpty() ? List.of("*") : include;
            exclude = exclude == null ? List.of() : exclude;
            section = section == null ? Map.of() : section;
        }

        /** Without the section's values, which may be secrets. */
        @Override
        public String toString() {
            return "Source[kind=" + kind + ", include=" + include + ", exclude=" + exclude + ", keys=" + section.keySet() + "]";
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

        private static final Set<String> TYPES = Set.of("default", "profile", "static");

        /** What is wrong with credentials configured under {@code key}, each line starting with it; none for null. */
        public static List<String> problems(String key, Credentials c) {
            if (c == null) {
                return List.of();
            }
            if (!TYPES.contains(c.type())) {
                return List.of(key + ".type: unknown type '" + c.type() + "'; use default, profile or static");
            }
            if (c.type().equals("profile") && (c.profile() == null || c.profile().isBlank())) {
                return List.of(key + ".profile: must be set when type is profile");
            }
            if (c.type().equals("static") && (c.accessKeyId() == null || c.secretAccessKey() == null)) {
                return List.of(key + ": access-key-id and secret-access-key must be set when type is static");
            }
            return List.of();
        }
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
     * @param drillRandomWithin scheduled drills restore a backup chosen at random among those of this
     *                    recent window (so that older backups are rehearsed too); by default the newest
     * @param canary      a line of a data object (FORMAT.md) that every drill must find restored exactly
     *                    (a known item, e.g. one that should never change); none by default
     * @param sqlChecks   queries each drill runs against the restored table, with the result each must
     *                    give; only for engines that answer SQL (PostgreSQL)
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
            @DefaultValue("0") int segments,
            Duration drillMaxAge,
            Duration drillRandomWithin,
            String canary,
            List<SqlCheck> sqlChecks,
            List<String> controls) {

        public Policy {
            tables = tables == null ? List.of() : tables;
            controls = controls == null ? List.of() : controls;
            retention = retention == null ? new Retention(7, 7, 4, 6) : retention;
            sqlChecks = sqlChecks == null ? List.of() : sqlChecks;
        }
    }

    /**
     * A query a drill runs, read-only, in the restored table's sandbox schema (so the table is named
     * without its schema), and the result it must give: its rows, one a line, columns joined by
     * {@code |}, NULL for a null ({@code SELECT count(*) FROM orders WHERE status = 'open'} with
     * {@code expected: "42"}).
     */
    public record SqlCheck(String name, String query, String expected) {
    }

    /**
     * A recovery plan ({@code rehearsal.plans.<name>}): the tables an incident needs back, in the
     * order they are needed, drilled as a whole on a schedule and run for real by an admin.
     *
     * @param drillCron      when to drill the whole plan into the sandbox; empty for never
     * @param stages         in the order they are restored; a stage starts when the one before has ended
     * @param targetTemplate where an incident run restores a table that still exists (one that is gone
     *                       comes back under its own name): {@code {table}} and {@code {date}}
     *                       (the run's start, {@code yyyyMMdd-HHmmss} UTC) are replaced
     * @param notifiers      where status updates of the plan's runs go, by name (docs/NOTIFICATIONS.md)
     */
    public record Plan(String drillCron, List<Stage> stages,
            @DefaultValue("{table}-recovered-{date}") String targetTemplate,
            Map<String, dev.rehearsal.dashboard.notify.NotifierSettings> notifiers) {

        public Plan {
            stages = stages == null ? List.of() : stages;
            notifiers = notifiers == null ? Map.of() : notifiers;
        }
    }

    /**
     * One stage of a plan.
     *
     * @param name        what the stage brings back ("dashboards")
     * @param tables      covered tables, {@code source/table} or a table name alone (any source), each
     *                    a name or a glob ({@code *}, {@code ?})
     * @param objective   by when the stage must be back, measured from the plan's start
     * @param concurrency how many of its tables restore at once
     */
    public record Stage(String name, List<String> tables, Duration objective, @DefaultValue("4") int concurrency) {

        public Stage {
            tables = tables == null ? List.of() : tables;
        }
    }

    /** How many backups retention keeps: the last N, and the newest of each of the last N days, weeks and months. */
    public record Retention(int keepLast, int daily, int weekly, int monthly) {
    }
}
