package dev.rehearsal.dashboard.engine.testengine;

import dev.rehearsal.core.source.TableSource;
import dev.rehearsal.dashboard.engine.port.ConfigSection;
import dev.rehearsal.dashboard.engine.port.EngineProvider;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxLedger;
import dev.rehearsal.drill.sink.TableSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code kind: testengine}: tables that are files in a directory ({@link FileTables}), with a sandbox
 * that is another directory ({@link FileTableSink}). It exists to show that an engine plugs in with
 * no edit to shared code: this package and one line in the test tree's
 * {@code META-INF/services/dev.rehearsal.dashboard.engine.port.EngineProvider} are all there is of it.
 *
 * <pre>
 * rehearsal.sources.files.kind: testengine
 * rehearsal.sources.files.directory: /data/tables        # one &lt;table&gt;.jsonl per table
 * rehearsal.sandbox.testengine.directory: /data/sandbox  # where drills restore
 * rehearsal.sandbox.testengine.prefix: rehearsal-files-  # optional
 * </pre>
 */
public final class FileEngineProvider implements EngineProvider {

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    /** What a source of this kind reads from its section. */
    public record SourceConfig(Path directory) {
    }

    /** What this engine's sandbox reads from {@code rehearsal.sandbox.testengine}. */
    public record SandboxConfig(Path directory, String prefix) {

        public SandboxConfig {
            prefix = prefix == null ? "rehearsal-files-" : prefix;
        }
    }

    @Override
    public String kind() {
        return FileTables.KIND;
    }

    @Override
    public List<String> sourceProblems(ConfigSection source) {
        Path directory = source.bind(SourceConfig.class).directory();
        if (directory == null) {
            return List.of(source.key() + ".directory: must be set for kind testengine, the directory whose"
                    + " <table>.jsonl files are the tables");
        }
        return Files.isDirectory(directory) ? List.of()
                : List.of(source.key() + ".directory: '" + directory + "' is not a directory");
    }

    @Override
    public List<String> sandboxProblems(ConfigSection sandbox, boolean drilled, Map<String, List<String>> sourceTables) {
        ConfigSection section = sandbox.child(kind());
        if (!section.isPresent()) {
            return drilled ? List.of(section.key() + ": must be set when a policy drills tables of a testengine source")
                    : List.of();
        }
        SandboxConfig s = section.bind(SandboxConfig.class);
        List<String> problems = new ArrayList<>();
        if (s.directory() == null) {
            problems.add(section.key() + ".directory: must be set");
        }
        sourceTables.forEach((source, tables) -> tables.stream().filter(t -> t.startsWith(s.prefix())).findFirst()
                .ifPresent(t -> problems.add(section.key() + ".prefix: '" + s.prefix() + "' matches table '" + t
                        + "' of source '" + source + "'")));
        return problems;
    }

    @Override
    public Optional<String> tableNameProblem(String name) {
        return TABLE_NAME.matcher(name).matches() ? Optional.empty()
                : Optional.of("a testengine table is named by 1 to 100 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
    }

    @Override
    public SourceEngine source(String name, ConfigSection config) {
        Path directory = config.bind(SourceConfig.class).directory();
        FileTables tables = new FileTables(name, directory);
        return new SourceEngine() {
            @Override
            public TableSource source() {
                return tables;
            }

            @Override
            public List<String> listTables() {
                return tables.listTables();
            }

            @Override
            public TableSink recoverySink(SandboxGuard noDrops) {
                return new FileTableSink(name, directory, noDrops);
            }

            @Override
            public void close() {
                tables.close();
            }
        };
    }

    @Override
    public Optional<SandboxEngine> sandbox(ConfigSection config, Set<String> protectedTables, SandboxLedger ledger) {
        ConfigSection section = config.child(kind());
        if (!section.isPresent()) {
            return Optional.empty();
        }
        SandboxConfig s = section.bind(SandboxConfig.class);
        SandboxGuard guard = new SandboxGuard(s.prefix(), protectedTables, ledger);
        return Optional.of(new SandboxEngine(new FileTableSink("sandbox", s.directory(), guard), guard));
    }
}
