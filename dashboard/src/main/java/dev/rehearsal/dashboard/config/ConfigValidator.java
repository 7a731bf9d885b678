package dev.rehearsal.dashboard.config;

import dev.rehearsal.core.TableId;
import dev.rehearsal.core.BackupRef;
import dev.rehearsal.dashboard.engine.port.ConfigSection;
import dev.rehearsal.dashboard.engine.port.EngineProvider;
import dev.rehearsal.dashboard.engine.port.EngineProviders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.scheduling.support.CronExpression;

/**
 * Checks {@code rehearsal.*} before anything runs. Each problem is one line that starts with the
 * property's full key, so that an operator can find and fix it: an unknown store, an invalid cron,
 * an RTO of zero, a policy that matches no table, a sandbox prefix that matches a source table...
 * What only an engine knows (the keys of its sources, its part of the sandbox) the engine checks
 * ({@link EngineProvider#sourceProblems}, {@link EngineProvider#sandboxProblems}); this class knows
 * no engine, and names the installed ones when a source asks for another.
 */
public final class ConfigValidator {

    private ConfigValidator() {
    }

    /**
     * @param p              the shared part of {@code rehearsal.*}
     * @param rehearsal      {@code rehearsal} itself, from the same properties, for the engines' parts
     * @param tablesBySource the tables each reachable source holds; a source missing here could not
     *                       be listed, and checks that need its tables are skipped for it
     * @return the problems found, empty if the configuration is valid
     */
    public static List<String> problems(RehearsalProperties p, ConfigSection rehearsal,
            Map<String, List<String>> tablesBySource) {
        EngineProviders engines = EngineProviders.installed();
        List<String> problems = new ArrayList<>();
        if (p.sources().isEmpty()) {
            problems.add("rehearsal.sources: no source is configured; add at least one (see rehearsal-example.yaml)");
        }
        p.sources().forEach((name, s) -> source(problems, engines, name, s, rehearsal.child("sources").child(name)));
        p.stores().forEach((name, s) -> store(problems, "rehearsal.stores." + name, s));
        boolean drills = false;
        Set<String> drilledKinds = new TreeSet<>();
        Map<String, String> coveredBy = new LinkedHashMap<>();
        for (var e : p.policies().entrySet()) {
            String key = "rehearsal.policies." + e.getKey();
            RehearsalProperties.Policy policy = e.getValue();
            policy(problems, key, policy, p);
            if (policy.drillCron() != null && !policy.drillCron().isBlank()) {
                drills = true;
                Optional.ofNullable(p.sources().get(policy.source())).flatMap(s -> engines.find(s.kind()))
                        .ifPresent(engine -> drilledKinds.add(engine.kind()));
            }
            List<String> tables = tablesBySource.get(policy.source());
            if (tables != null && !policy.tables().isEmpty()) {
                List<String> matched = tables.stream().filter(t -> matches(policy.tables(), t)).toList();
                if (matched.isEmpty()) {
                    problems.add(key + ".tables: " + policy.tables() + " matches no table in source '" + policy.source()
                            + "' (it has " + tables.size() + " tables)");
                }
                for (String t : matched) {
                    String other = coveredBy.putIfAbsent(new TableId(policy.source(), t).toString(), e.getKey());
                    if (other != null) {
                        problems.add(key + ".tables: table '" + t + "' is also matched by policy '" + other
                                + "'; a table belongs to one policy");
                    }
                }
            }
        }
        for (var plan : p.plans().values()) {
            if (plan.drillCron() != null && !plan.drillCron().isBlank()) {
                // The plan's engines need their sandbox; a missing sandbox is the plan validator's to name.
                for (var stage : plan.stages()) {
                    for (String pattern : stage.tables()) {
                        String source = pattern == null ? null : PlanTables.source(pattern);
                        java.util.Collection<RehearsalProperties.Source> sources = source == null ? p.sources().values()
                                : Optional.ofNullable(p.sources().get(source)).stream().toList();
                        sources.forEach(s -> engines.find(s.kind()).ifPresent(engine -> drilledKinds.add(engine.kind())));
                    }
                }
            }
        }
        PlanValidator.check(problems, p, tablesBySource);
        sandbox(problems, engines, p, rehearsal.child("sandbox"), drills, drilledKinds, tablesBySource);
        security(problems, p.security());
        signIn(problems, p.security().oidc());
        evidence(problems, p.evidence());
        problems.addAll(p.cluster().problems());
        return problems;
    }

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Set<String> ROLES = Set.of("viewer", "auditor", "operator", "admin");

    private static void security(List<String> problems, RehearsalProperties.Security s) {
        String key = "rehearsal.security";
        s.tokens().forEach((name, t) -> {
            if (t == null || t.sha256() == null || !SHA256.matcher(t.sha256()).matches()) {
                problems.add(key + ".tokens." + name + ".sha256: must be the 64-hex-digit SHA-256 of the token"
                        + " (printf %s \"$TOKEN\" | sha256sum); the token itself is never configured");
            }
            if (t == null || t.role() == null || !ROLES.contains(t.role())) {
                problems.add(key + ".tokens." + name + ".role: unknown role '" + (t == null ? null : t.role())
                        + "'; use viewer, auditor, operator or admin");
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
                            + "'; use viewer, auditor, operator or admin");
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

    /** The dashboard's single sign-on: a client at the provider, whose endpoints its issuer's discovery gives. */
    private static void signIn(List<String> problems, RehearsalProperties.Oidc o) {
        String key = "rehearsal.security.oidc";
        if (o == null) {
            return;
        }
        if (!o.signIn()) {
            if (o.clientSecret() != null) {
                problems.add(key + ".client-secret: set client-id too; without a client the dashboard offers no"
                        + " single sign-on and the secret is unused");
            }
            return;
        }
        if (o.clientId().isBlank()) {
            problems.add(key + ".client-id: must not be empty; remove it to turn the dashboard's single sign-on off");
        }
        if (o.issuerUri() == null) {
            problems.add(key + ".issuer-uri: must be set for single sign-on (client-id is set): the dashboard finds"
                    + " the provider's endpoints through the issuer's discovery document");
        } else {
            try {
                java.net.URI issuer = new java.net.URI(o.issuerUri());
                if (!List.of("http", "https").contains(String.valueOf(issuer.getScheme())) || issuer.getHost() == null) {
                    problems.add(key + ".issuer-uri: '" + o.issuerUri() + "' is not an http or https URL");
                }
            } catch (java.net.URISyntaxException e) {
                problems.add(key + ".issuer-uri: '" + o.issuerUri() + "' is not a URL: " + e.getReason());
            }
        }
        for (int i = 0; i < o.scopes().size(); i++) {
            String scope = o.scopes().get(i);
            if (scope == null || scope.isBlank() || scope.chars().anyMatch(Character::isWhitespace)) {
                problems.add(key + ".scopes[" + i + "]: '" + scope + "' is not a scope; give one scope per entry");
            }
        }
        if (!o.scopes().contains("openid")) {
            problems.add(key + ".scopes: must include openid for single sign-on (OpenID Connect), not " + o.scopes());
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

    private static void source(List<String> problems, EngineProviders engines, String name,
            RehearsalProperties.Source s, ConfigSection section) {
        String key = section.key();
        try {
            BackupRef.requireSourceName(name);
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
        }
        Optional<EngineProvider> engine = engines.find(s.kind());
        if (engine.isEmpty()) {
            problems.add(key + ".kind: " + (s.kind() == null ? "must be set" : "unknown kind '" + s.kind() + "'")
                    + "; supported: " + String.join(", ", engines.kinds()));
            return;
        }
        problems.addAll(engineProblems(() -> engine.get().sourceProblems(section)));
    }

    /** An engine's problems; a value it cannot even bind is one problem too, naming the key. */
    private static List<String> engineProblems(Supplier<List<String>> check) {
        try {
            return check.get();
        } catch (ConfigSection.InvalidValueException e) {
            return List.of(e.getMessage());
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
            problems.addAll(RehearsalProperties.Credentials.problems(key + ".credentials", s.credentials()));
        } else {
            problems.add(key + ".type: unknown store type '" + s.type() + "'; use filesystem or s3");
        }
    }

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    /** The signing key must read now: a daemon that cannot sign must not start and store its reports unsigned. */
    private static void evidence(List<String> problems, RehearsalProperties.Evidence e) {
        String key = "rehearsal.evidence";
        if (e.signingKey() == null && e.keyId() != null) {
            problems.add(key + ".key-id: set without " + key + ".signing-key; set both, or neither to store reports unsigned");
        }
        if (e.signingKey() != null) {
            if (e.keyId() == null || !KEY_ID.matcher(e.keyId()).matches()) {
                problems.add(key + ".key-id: must be set with a signing key, 1 to 64 letters, digits, '.', '_', ':' or '-',"
                        + " not '" + e.keyId() + "'");
            }
            try {
                dev.rehearsal.drill.evidence.EvidenceKeys.signingKey(e.keyId(), e.signingKey(), key + ".signing-key");
            } catch (IllegalArgumentException x) {
                problems.add(x.getMessage());
            }
        }
        e.retiredKeys().forEach((id, file) -> {
            if (!KEY_ID.matcher(id).matches()) {
                problems.add(key + ".retired-keys." + id + ": a key id is 1 to 64 letters, digits, '.', '_', ':' or '-'");
            } else if (id.equals(e.keyId())) {
                problems.add(key + ".retired-keys." + id + ": is the current key-id; a retired key needs its own id");
            }
            try {
                dev.rehearsal.drill.evidence.EvidenceKeys.publicKey(file, key + ".retired-keys." + id);
            } catch (IllegalArgumentException x) {
                problems.add(x.getMessage());
            }
        });
    }

    /** A control label: a framework, a colon, a control ({@code SOC2:A1.2}, {@code ISO27001:A.8.13}). */
    private static final Pattern CONTROL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,31}:[A-Za-z0-9][A-Za-z0-9 ._()-]{0,63}");

    private static void controls(List<String> problems, String key, List<String> controls) {
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < controls.size(); i++) {
            String c = controls.get(i);
            if (c == null || !CONTROL.matcher(c).matches()) {
                problems.add(key + ".controls[" + i + "]: '" + c + "' is not a control label: a framework, ':', a control,"
                        + " e.g. SOC2:A1.2 or ISO27001:A.8.13 (letters, digits, ' ', '.', '_', '-', at most 96 characters)");
            } else if (!seen.add(c)) {
                problems.add(key + ".controls[" + i + "]: '" + c + "' is listed twice");
            }
        }
    }

    private static void policy(List<String> problems, String key, RehearsalProperties.Policy policy, RehearsalProperties p) {
        controls(problems, key, policy.controls());
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
        if (policy.segments() < 0 || policy.segments() > 1024) {
            problems.add(key + ".segments: must be 0 (the engine chooses from the table's size) or 1 to 1024");
        }
        if (policy.spotChecks() < 0) {
            problems.add(key + ".spot-checks: must not be negative");
        }
        if (policy.drillMaxAge() != null) {
            positive(problems, key + ".drill-max-age", policy.drillMaxAge());
        }
        if (policy.drillRandomWithin() != null) {
            positive(problems, key + ".drill-random-within", policy.drillRandomWithin());
        }
        if (policy.canary() != null && policy.canary().isBlank()) {
            problems.add(key + ".canary: must be a line of a data object (FORMAT.md), or be left out");
        }
        for (int i = 0; i < policy.sqlChecks().size(); i++) {
            RehearsalProperties.SqlCheck c = policy.sqlChecks().get(i);
            String k = key + ".sql-checks[" + i + "]";
            if (c.name() == null || c.name().isBlank()) {
                problems.add(k + ".name: must be set, so that the drill report can name the check");
            }
            if (c.query() == null || c.query().isBlank()) {
                problems.add(k + ".query: must be set");
            }
            if (c.expected() == null) {
                problems.add(k + ".expected: must be set (rows one a line, columns joined by '|')");
            }
        }
        if (!policy.sqlChecks().isEmpty()) {
            Optional.ofNullable(p.sources().get(policy.source())).flatMap(s -> EngineProviders.installed().find(s.kind()))
                    .filter(engine -> !engine.answersSql())
                    .ifPresent(engine -> problems.add(key + ".sql-checks: source '" + policy.source() + "' is of kind '"
                            + engine.kind() + "', whose sandbox does not answer SQL; remove the checks"));
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

    private static void sandbox(List<String> problems, EngineProviders engines, RehearsalProperties p,
            ConfigSection sandbox, boolean drills, Set<String> drilledKinds, Map<String, List<String>> tablesBySource) {
        if (!sandbox.isPresent()) {
            if (drills) {
                problems.add(sandbox.key() + ": must be set when a policy has a drill-cron");
            }
            return;
        }
        // Each engine that a source uses checks its own part: the daemon opens a sandbox for each of those.
        Set<String> used = new TreeSet<>();
        p.sources().values().forEach(s -> engines.find(s.kind()).ifPresent(engine -> used.add(engine.kind())));
        for (String kind : used) {
            problems.addAll(engineProblems(() -> engines.get(kind).sandboxProblems(sandbox, drilledKinds.contains(kind),
                    tablesBySource)));
        }
    }
}
