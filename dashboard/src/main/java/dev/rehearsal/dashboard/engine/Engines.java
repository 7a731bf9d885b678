package dev.rehearsal.dashboard.engine;

import dev.rehearsal.core.source.TableSource;
import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.core.store.fs.FileSystemBackupStore;
import dev.rehearsal.core.store.s3.S3BackupStore;
import dev.rehearsal.core.store.s3.S3ClientFactory;
import dev.rehearsal.core.store.s3.S3StoreConfig;
import dev.rehearsal.core.store.s3.ServerSideEncryption;
import dev.rehearsal.dashboard.config.ConfigValidator;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.engine.port.ConfigSection;
import dev.rehearsal.dashboard.engine.port.EngineProvider;
import dev.rehearsal.dashboard.engine.port.EngineProviders;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxLedger;
import dev.rehearsal.drill.sink.TableSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The live objects behind the configuration: one {@link TableSource} per source, one
 * {@link BackupStore} per store, and the sandbox {@link TableSink} of each engine in use, guarded by a
 * {@link SandboxGuard}. Built once at start-up and closed at shutdown. Which engine serves a source
 * is its {@code kind}, looked up among the installed {@link EngineProviders}; nothing here knows an
 * engine by name.
 */
public final class Engines implements AutoCloseable {

    private final RehearsalProperties config;
    private final ConfigSection rehearsal;
    private final EngineProviders providers = EngineProviders.installed();
    private final Map<String, EngineProvider.SourceEngine> sources = new LinkedHashMap<>();
    private final Map<String, String> kinds = new LinkedHashMap<>();
    private final Map<String, BackupStore> stores = new LinkedHashMap<>();
    private final SandboxLedger ledger;
    private final Map<String, TableSink> recoverySinks = new LinkedHashMap<>();
    private final Map<String, EngineProvider.SandboxEngine> sandboxes = new LinkedHashMap<>();

    /**
     * @param config    the shared configuration
     * @param rehearsal {@code rehearsal} from the same properties, whose sections the engines bind
     */
    public Engines(RehearsalProperties config, ConfigSection rehearsal, SandboxLedger ledger) {
        this.config = config;
        this.rehearsal = rehearsal;
        this.ledger = ledger;
        try {
            config.sources().forEach((name, s) -> {
                EngineProvider engine = providers.get(s.kind());
                sources.put(name, engine.source(name, rehearsal.child("sources").child(name)));
                kinds.put(name, engine.kind());
            });
            config.stores().forEach((name, s) -> stores.put(name, store(s)));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Why {@code table} cannot be a table of {@code source}'s engine, or empty; see {@link EngineProvider#tableNameProblem}. */
    public Optional<String> tableNameProblem(String source, String table) {
        engine(source);
        return providers.get(kinds.get(source)).tableNameProblem(table);
    }

    /** Lists each source's tables; a source that cannot be listed is left out and its failure returned. */
    public Map<String, List<String>> listTables(Map<String, String> failures) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        sources.forEach((name, engine) -> {
            try {
                tables.put(name, engine.listTables());
            } catch (RuntimeException e) {
                failures.put(name, e.getMessage());
            }
        });
        return tables;
    }

    /**
     * Opens the sandbox of every engine that a source uses, once the source tables are known, so
     * that each guard protects every one of them.
     */
    public void openSandbox(Map<String, List<String>> sourceTables) {
        ConfigSection sandbox = rehearsal.child("sandbox");
        if (!sandbox.isPresent()) {
            return;
        }
        Set<String> protectedTables = new TreeSet<>();
        sourceTables.values().forEach(protectedTables::addAll);
        for (String kind : new TreeSet<>(kinds.values())) {
            providers.get(kind).sandbox(sandbox, protectedTables, ledger).ifPresent(open -> sandboxes.put(kind, open));
        }
    }

    public TableSource source(String name) {
        return engine(name).source();
    }

    private EngineProvider.SourceEngine engine(String name) {
        EngineProvider.SourceEngine s = sources.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown source '" + name + "'");
        }
        return s;
    }

    public BackupStore store(String name) {
        BackupStore s = stores.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown store '" + name + "'");
        }
        return s;
    }

    public Map<String, BackupStore> stores() {
        return stores;
    }

    /** The sandbox drills of {@code source}'s tables restore into: the one of the source's engine. */
    public Optional<TableSink> sandboxFor(String source) {
        return Optional.ofNullable(sandboxes.get(kinds.get(source))).map(EngineProvider.SandboxEngine::sink);
    }

    /** The guard of {@link #sandboxFor}. */
    public Optional<SandboxGuard> guardFor(String source) {
        return Optional.ofNullable(sandboxes.get(kinds.get(source))).map(EngineProvider.SandboxEngine::guard);
    }

    /** Every open sandbox with its guard, by engine kind; the janitor sweeps each. */
    public Map<String, EngineProvider.SandboxEngine> sandboxes() {
        return Map.copyOf(sandboxes);
    }

    /**
     * A sink on a source's own endpoint, for an admin's restore into a new table there. It creates
     * only tables that do not exist, and deletes only a table that a failed or cancelled restore of
     * its own created (see {@link dev.rehearsal.drill.sandbox.RestoredTables}).
     */
    public synchronized TableSink recoverySink(String source) {
        return recoverySinks.computeIfAbsent(source, name -> {
            // The guard's ledger is the catalog's: it records the tables these restores create, before they
            // are created, which is what lets a failed one delete its own table and nothing else.
            SandboxGuard noDrops = guardFor(name).orElseGet(() -> new SandboxGuard(SandboxGuard.DEFAULT_PREFIX, Set.of(),
                    ledger));
            return engine(name).recoverySink(noDrops);
        });
    }

    /** Where the tables Rehearsal creates are recorded before they are created. */
    public SandboxLedger ledger() {
        return ledger;
    }

    /**
     * What each listed source says its backup credentials could change in the tables a policy
     * covers ({@link EngineProvider.SourceEngine#writeAccessWarnings}), one line per finding, for the
     * daemon to log at start-up. A source whose check fails gives one line saying so; nothing here
     * throws, since a warning must never stop the daemon.
     *
     * @param tablesBySource each source's tables as {@link #listTables} returned them; sources missing
     *                       here were not reachable and are not checked
     */
    public List<String> writeAccessWarnings(Map<String, List<String>> tablesBySource) {
        List<String> warnings = new ArrayList<>();
        tablesBySource.forEach((name, tables) -> {
            EngineProvider.SourceEngine engine = sources.get(name);
            if (engine == null) {
                return;
            }
            List<String> covered = tables.stream().filter(t -> policyFor(name, t).isPresent()).toList();
            try {
                warnings.addAll(engine.writeAccessWarnings(covered));
            } catch (RuntimeException e) {
                warnings.add("Source '" + name + "': could not check what its backup credentials could write: "
                        + e.getMessage());
            }
        });
        return warnings;
    }

    /** The policy that covers a table, if any. */
    public Optional<Map.Entry<String, RehearsalProperties.Policy>> policyFor(String source, String table) {
        return config.policies().entrySet().stream()
                .filter(e -> e.getValue().source().equals(source) && ConfigValidator.matches(e.getValue().tables(), table))
                .findFirst();
    }

    public static AwsCredentialsProvider credentials(RehearsalProperties.Credentials c) {
        if (c == null || c.type().equals("default")) {
            return DefaultCredentialsProvider.builder().build();
        }
        if (c.type().equals("profile")) {
            return ProfileCredentialsProvider.create(c.profile());
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey()));
    }

    private static BackupStore store(RehearsalProperties.Store s) {
        if (s.type().equals("filesystem")) {
            return new FileSystemBackupStore(s.path());
        }
        S3StoreConfig c = S3StoreConfig.of(s.bucket(), s.prefix(), Region.of(s.region()))
                .withCredentials(credentials(s.credentials()))
                .withEncryption(switch (s.sse()) {
                    case "sse-s3" -> ServerSideEncryption.SSE_S3;
                    case "sse-kms" -> ServerSideEncryption.kms(s.kmsKeyId());
                    default -> ServerSideEncryption.NONE;
                });
        if (s.endpoint() != null) {
            c = c.withEndpoint(s.endpoint(), s.pathStyle());
        }
        return new S3BackupStore(S3ClientFactory.create(c), c);
    }

    @Override
    public void close() {
        sources.values().forEach(EngineProvider.SourceEngine::close);
        sandboxes.values().forEach(sb -> sb.sink().close());
    }
}
