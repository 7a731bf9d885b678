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
        @DefaultValue("90d") Duration historyRetention) {

    public RehearsalProperties {
        sources = sources == null ? Map.of() : sources;
        stores = stores == null ? Map.of() : stores;
        policies = policies == null ? Map.of() : policies;
    }

    /**
     * A database whose tables may be backed up.
     *
     * @param kind     the engine; {@code dynamodb}
     * @param endpoint null for the region's AWS endpoint
     * @param include  glob patterns of tables this source offers ({@code *} if empty)
     * @param exclude  glob patterns of tables that are deliberately not protected
     */
    public record Source(
            @DefaultValue("dynamodb") String kind,
            URI endpoint,
            @DefaultValue("us-east-1") String region,
            Credentials credentials,
            List<String> include,
            List<String> exclude) {

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
            @DefaultValue("0") double readLimit) {

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
     * @param prefix every sandbox table's name starts with this
     */
    public record Sandbox(URI endpoint, @DefaultValue("us-east-1") String region, Credentials credentials,
            @DefaultValue("rehearsal-sandbox-") String prefix) {
    }
}
