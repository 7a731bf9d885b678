package dev.rehearsal.dashboard.engine.testengine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.dashboard.config.BinderSection;
import dev.rehearsal.dashboard.config.ConfigValidator;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.engine.port.EngineProviders;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's validator, unchanged, checks the test engine's section with the engine's own messages. */
class FileEngineConfigTest {

    private static final Map<String, List<String>> TABLES = Map.of("files", List.of("orders"));

    @TempDir
    Path tables;
    @TempDir
    Path sandbox;

    @Test
    void aValidTestEngineConfigurationHasNoProblems() {
        assertThat(problems(valid())).isEmpty();
    }

    @Test
    void aMissingDirectoryIsReportedInTheEnginesOwnWords() {
        Map<String, String> c = valid();
        c.remove("rehearsal.sources.files.directory");

        assertThat(problems(c)).containsExactly("rehearsal.sources.files.directory: must be set for kind testengine,"
                + " the directory whose <table>.jsonl files are the tables");
    }

    @Test
    void drillsWithoutTheEnginesSandboxAreReportedUnderItsKey() {
        Map<String, String> c = valid();
        c.remove("rehearsal.sandbox.testengine.directory");
        c.put("rehearsal.sandbox.prefix", "rehearsal-sandbox-");

        assertThat(problems(c)).containsExactly(
                "rehearsal.sandbox.testengine: must be set when a policy drills tables of a testengine source");
    }

    @Test
    void anUnknownKindListsEveryInstalledEngineTheTestOneIncluded() {
        Map<String, String> c = valid();
        c.put("rehearsal.sources.files.kind", "cassandra");

        // Every installed engine, the test one included, in kind order: a new engine adds itself here.
        assertThat(EngineProviders.installed().kinds()).contains("testengine");
        assertThat(problems(c)).containsExactly("rehearsal.sources.files.kind: unknown kind 'cassandra'; supported: "
                + String.join(", ", EngineProviders.installed().kinds()));
    }

    private Map<String, String> valid() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("rehearsal.sources.files.kind", "testengine");
        c.put("rehearsal.sources.files.directory", tables.toString());
        c.put("rehearsal.stores.disk.type", "filesystem");
        c.put("rehearsal.stores.disk.path", "/var/lib/rehearsal");
        c.put("rehearsal.policies.main.source", "files");
        c.put("rehearsal.policies.main.tables[0]", "orders");
        c.put("rehearsal.policies.main.store", "disk");
        c.put("rehearsal.policies.main.backup-cron", "0 0 2 * * *");
        c.put("rehearsal.policies.main.drill-cron", "0 0 4 * * *");
        c.put("rehearsal.policies.main.rto", "30m");
        c.put("rehearsal.policies.main.rpo", "26h");
        c.put("rehearsal.sandbox.testengine.directory", sandbox.toString());
        return c;
    }

    private static List<String> problems(Map<String, String> c) {
        RehearsalProperties p = BinderSection.binder(c).bindOrCreate("rehearsal", RehearsalProperties.class);
        return ConfigValidator.problems(p, BinderSection.of(c), TABLES);
    }
}
