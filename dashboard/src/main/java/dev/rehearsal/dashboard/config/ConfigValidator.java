package dev.rehearsal.dashboard.config;

import dev.rehearsal.core.BackupRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.scheduling.support.CronExpression;

/**
 * Checks {@code rehearsal.*} before anything runs. Each problem is one line that starts with the
 * property's full key, so that an operator can find and fix it: an unknown store, an invalid cron,
 * an RTO of zero, a policy that matches no table, a sandbox prefix that matches a source table...
 */
public final class ConfigValidator {

    private static final Set<String> CREDENTIAL_TYPES = Set.of("default", "profile", "static");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.-]{4,64}");

    private ConfigValidator() {
    }

    /**
     * @param tablesBySource the tables each reachable source holds; a source missing here could not
     *                       be listed, and checks that need its tables are skipped for it
     * @return the problems found, empty if the configuration is valid
     */
    public static List<String> problems(RehearsalProperties p, Map<String, List<String>> tablesBySource) {
        List<String> problems = new ArrayList<>();
        if (p.sources().isEmpty()) {
            problems.add("rehearsal.sources: no source is configured; add at least one (see rehearsal-example.yaml)");
        }
        p.sources().forEach((name, s) -> source(problems, "rehearsal.sources." + name, name, s));
        p.stores().forEach((name, s) -> store(problems, "rehearsal.stores." + name, s));
        boolean drills = false;
        Map<String, String> coveredBy = new LinkedHashMap<>();
        for (var e : p.policies().entrySet()) {
            String key = "rehearsal.policies." + e.getKey();
            RehearsalProperties.Policy policy = e.getValue();
            policy(problems, key, policy, p);
            drills |= policy.drillCron() != null && !policy.drillCron().isBlank();
            List<String> tables = tablesBySource.get(policy.source());
            if (tables != null && !policy.tables().isEmpty()) {
                List<String> matched = tables.stream().filter(t -> matches(policy.tables(), t)).toList();
                if (matched.isEmpty()) {
                    problems.add(key + ".tables: " + policy.tables() + " matches no table in source '" + policy.source()
                            + "' (it has " + tables.size() + " tables)");
                }
                for (String t : matched) {
                    String other = coveredBy.putIfAbsent(policy.source() + "/" + t, e.getKey());
                    if (other != null) {
                        problems.add(key + ".tables: table '" + t + "' is also matched by policy '" + other
                                + "'; a table belongs to one policy");
                    }
                }
            }
        }
        sandbox(problems, p, drills, tablesBySource);
        security(problems, p.security());
        return problems;
    }

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Set<String> ROLES = Set.of("viewer", "operator", "admin");

    private static void security(List<String> problems, RehearsalProperties.Security s) {
        String key = "rehearsal.security";
        s.tokens().forEach((name, t) -> {
            if (t == null || t.sha256() == null || !SHA256.matcher(t.sha256()).matches()) {
                problems.add(key + ".tokens." + name + ".sha256: must be the 64-hex-digit SHA-256 of the token"
                        + " (printf %s \"$TOKEN\" | sha256sum); the token itself is never configured");
            }
            if (t == null || t.role() == null || !ROLES.contains(t.role())) {
                problems.add(key + ".tokens." + name + ".role: unknown role '" + (t == null ? null : t.role())
                        + "'; use viewer, operator or admin");
            }
        });
        if (s.oidc() != null) {
            RehearsalProperties.Oidc o = s.oidc();
            if (o.issuerUri() == null && o.jwkSetUri() == null && o.publicKeyLocation() == null) {
                problems.add(key + ".oidc: set issuer-uri, jwk-set-uri or public-key-location to verify tokens");
            }
            o.roleMapping().forEach((claim, role) -> {
                if (!ROLES.contains(role)) {
                    problems.add(key + ".oidc.role-mapping." + claim + ": unknown role '" + role
                            + "'; use viewer, operator or admin");
                }
            });
        }
        if (s.maxRequestBody() < 1024 || s.maxRequestBody() > 1024 * 1024) {
            problems.add(key + ".max-request-body: must be between 1024 and 1048576 bytes, not " + s.maxRequestBody());
        }
        if (s.unauthenticatedAuditPerMinute() < 0 || s.unauthenticatedAuditPerMinute() > 100_000) {
            problems.add(key + ".unauthenticated-audit-per-minute: must be between 0 and 100000, not "
                    + s.unauthenticatedAuditPerMinute());
        }
    }

    /** Whether a table name matches any of the glob patterns ({@code *} and {@code ?}). */
    public static boolean matches(List<String> globs, String table) {
        for (String g : globs) {
            if (glob(g).matcher(table).matches()) {
                return true;
            }
        }
        return false;
    }

    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    private static void source(List<String> problems, String key, String name, RehearsalProperties.Source s) {
        try {
            BackupRef.requireSourceName(name);
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
        }
        if ("postgres".equals(s.kind())) {
            postgres(problems, key, s.jdbcUrl());
            if (s.recoveryCredentials() != null) {
                problems.add(key + ".recovery-credentials: not used by kind postgres, whose tables cannot be restored"
                        + " into a new table on the source; remove it (drills restore into rehearsal.sandbox.postgres)");
            }
            return;
        }
        if (!"dynamodb".equals(s.kind())) {
            problems.add(key + ".kind: unknown kind '" + s.kind() + "'; supported: dynamodb, postgres");
        }
        if (s.region() == null || s.region().isBlank()) {
            problems.add(key + ".region: must be set");
        }
        if (s.endpoint() != null && s.endpoint().getUserInfo() != null) {
            problems.add(key + ".endpoint: must not carry credentials; use " + key + ".credentials");
        }
        credentials(problems, key + ".credentials", s.credentials());
        credentials(problems, key + ".recovery-credentials", s.recoveryCredentials());
    }

    private static void credentials(List<String> problems, String key, RehearsalProperties.Credentials c) {
        if (c == null) {
            return;
        }
        if (!CREDENTIAL_TYPES.contains(c.type())) {
            problems.add(key + ".type: unknown type '" + c.type() + "'; use default, profile or static");
        } else if (c.type().equals("profile") && (c.profile() == null || c.profile().isBlank())) {
            problems.add(key + ".profile: must be set when type is profile");
        } else if (c.type().equals("static") && (c.accessKeyId() == null || c.secretAccessKey() == null)) {
            problems.add(key + ": access-key-id and secret-access-key must be set when type is static");
        }
    }

    private static void store(List<String> problems, String key, RehearsalProperties.Store s) {
        if ("filesystem".equals(s.type())) {
            if (s.path() == null) {
                problems.add(key + ".path: must be set for a filesystem store");
            }
        } else if ("s3".equals(s.type())) {
            if (s.bucket() == null || s.bucket().isBlank()) {
                problems.add(key + ".bucket: must be set for an s3 store");
            }
            if (!Set.of("none", "sse-s3", "sse-kms").contains(s.sse())) {
                problems.add(key + ".sse: unknown value '" + s.sse() + "'; use none, sse-s3 or sse-kms");
            }
            credentials(problems, key + ".credentials", s.credentials());
        } else {
            problems.add(key + ".type: unknown store type '" + s.type() + "'; use filesystem or s3");
        }
    }

    private static void policy(List<String> problems, String key, RehearsalProperties.Policy policy, RehearsalProperties p) {
        if (policy.source() == null || !p.sources().containsKey(policy.source())) {
            problems.add(key + ".source: unknown source '" + policy.source() + "'; configured sources: "
                    + p.sources().keySet());
        }
        if (policy.store() == null || !p.stores().containsKey(policy.store())) {
            problems.add(key + ".store: unknown store '" + policy.store() + "'; configured stores: " + p.stores().keySet());
        }
        if (policy.tables().isEmpty()) {
            problems.add(key + ".tables: list at least one table name or pattern");
        }
        cron(problems, key + ".backup-cron", policy.backupCron(), true);
        cron(problems, key + ".drill-cron", policy.drillCron(), false);
        positive(problems, key + ".rto", policy.rto());
        positive(problems, key + ".rpo", policy.rpo());
        if (policy.retention().keepLast() < 1) {
            problems.add(key + ".retention.keep-last: must be at least 1, was " + policy.retention().keepLast());
        }
        if (policy.retention().daily() < 0 || policy.retention().weekly() < 0 || policy.retention().monthly() < 0) {
            problems.add(key + ".retention: daily, weekly and monthly must not be negative");
        }
        if (policy.readLimit() < 0) {
            problems.add(key + ".read-limit: must be 0 (no limit) or a positive number of items per second");
        }
        if (policy.spotChecks() < 0) {
            problems.add(key + ".spot-checks: must not be negative");
        }
        if (policy.drillMaxAge() != null) {
            positive(problems, key + ".drill-max-age", policy.drillMaxAge());
        }
    }

    private static void cron(List<String> problems, String key, String cron, boolean required) {
        if (cron == null || cron.isBlank()) {
            if (required) {
                problems.add(key + ": must be set (six fields: second minute hour day month weekday)");
            }
            return;
        }
        try {
            CronExpression.parse(cron);
        } catch (IllegalArgumentException e) {
            problems.add(key + ": '" + cron + "' is not a valid cron expression (" + e.getMessage()
                    + "); use six fields: second minute hour day month weekday");
        }
    }

    private static void positive(List<String> problems, String key, Duration d) {
        if (d == null) {
            problems.add(key + ": must be set, for example 30m or 4h");
        } else if (d.isZero() || d.isNegative()) {
            problems.add(key + ": must be positive, was " + d);
        }
    }

    /** A PostgreSQL JDBC URL under {@code key}: set, of the PostgreSQL driver, and without a password in it. */
    private static void postgres(List<String> problems, String key, String jdbcUrl) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            problems.add(key + ".jdbc-url: must be set for kind postgres, for example jdbc:postgresql://db:5432/shop");
        } else if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            problems.add(key + ".jdbc-url: '" + jdbcUrl + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        } else if (jdbcUrl.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
            problems.add(key + ".jdbc-url: must not carry a password; use " + key + ".password");
        }
    }

    private static void sandbox(List<String> problems, RehearsalProperties p, boolean drills,
            Map<String, List<String>> tablesBySource) {
        RehearsalProperties.Sandbox s = p.sandbox();
        if (s == null) {
            if (drills) {
                problems.add("rehearsal.sandbox: must be set when a policy has a drill-cron");
            }
            return;
        }
        if (s.prefix() == null || !PREFIX.matcher(s.prefix()).matches()) {
            problems.add("rehearsal.sandbox.prefix: '" + s.prefix() + "' is not valid; use 4-64 characters of"
                    + " A-Z, a-z, 0-9, '_', '.' and '-'");
            return;
        }
        tablesBySource.forEach((source, tables) -> tables.stream().filter(t -> t.startsWith(s.prefix())).findFirst()
                .ifPresent(t -> problems.add("rehearsal.sandbox.prefix: '" + s.prefix() + "' matches table '" + t
                        + "' of source '" + source + "'; choose a prefix that no source table starts with")));
        credentials(problems, "rehearsal.sandbox.credentials", s.credentials());
        boolean postgresSources = p.sources().values().stream().anyMatch(src -> "postgres".equals(src.kind()));
        if (s.postgres() != null) {
            postgres(problems, "rehearsal.sandbox.postgres", s.postgres().jdbcUrl());
            if (!java.util.regex.Pattern.matches("[a-z0-9_]{4,40}", String.valueOf(s.postgres().prefix()))) {
                problems.add("rehearsal.sandbox.postgres.prefix: '" + s.postgres().prefix() + "' is not valid; use 4-40"
                        + " characters of a-z, 0-9 and '_'");
            }
            if (s.postgres().loadConnections() < 1) {
                problems.add("rehearsal.sandbox.postgres.load-connections: must be at least 1");
            }
        } else if (drills && postgresSources) {
            problems.add("rehearsal.sandbox.postgres: must be set when a policy drills tables of a postgres source");
        }
    }
}
