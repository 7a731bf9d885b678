package dev.rehearsal.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.util.FileSystemUtils;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code helm lint --strict}, with the chart's defaults and with each values file of {@code ci/}.
 * helm-java's lint takes no values file, so each is linted as a copy of the chart whose
 * values.yaml is the chart's defaults with the file merged over them, as Helm merges them.
 */
class LintTest {

    @Test
    void theChartsDefaultsLintStrictly() {
        assertLintsClean(RenderedChart.CHART);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.rehearsal.helm.CiValues#files")
    void eachValuesFileLintsStrictly(String file) throws IOException {
        Path copy = Path.of("target", "lint", file.replace(".yaml", ""), "rehearsal").toAbsolutePath();
        FileSystemUtils.deleteRecursively(copy);
        FileSystemUtils.copyRecursively(RenderedChart.CHART, copy);
        Yaml yaml = new Yaml(dumpOptions());
        Map<String, Object> values = yaml.load(Files.readString(RenderedChart.CHART.resolve("values.yaml")));
        Map<String, Object> overrides = yaml.load(Files.readString(RenderedChart.CI_VALUES.resolve(file)));
        Files.writeString(copy.resolve("values.yaml"), yaml.dump(merge(values, overrides)));

        assertLintsClean(copy);
    }

    @Test
    void lintCatchesWhatTheSchemaForbids() throws IOException {
        // The copies above are only worth linting if lint looks at their values.
        Path copy = Path.of("target", "lint", "broken", "rehearsal").toAbsolutePath();
        FileSystemUtils.deleteRecursively(copy);
        FileSystemUtils.copyRecursively(RenderedChart.CHART, copy);
        Files.writeString(copy.resolve("values.yaml"), Files.readString(RenderedChart.CHART.resolve("values.yaml"))
                .replace("replicaCount: 2", "replicaCount: two"));

        LintResult lint = new Helm(copy).lint().strict().quiet().call();
        assertThat(lint.isFailed()).isTrue();
        assertThat(lint.getMessages()).anySatisfy(m -> assertThat(m).contains("replicaCount"));
    }

    private static void assertLintsClean(Path chart) {
        LintResult lint = new Helm(chart).lint().strict().call();
        assertThat(lint.isFailed()).as("lint of %s: %s", chart, lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    /** Helm's merge of values: maps merge key by key, anything else is replaced. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        over.forEach((key, value) -> merged.merge(key, value, (a, b) ->
                a instanceof Map && b instanceof Map
                        ? merge((Map<String, Object>) a, (Map<String, Object>) b)
                        : b));
        return merged;
    }

    @Test
    void mergeKeepsWhatTheOverridesDoNotName() {
        Map<String, Object> merged = merge(Map.of("a", Map.of("x", 1, "y", 2), "b", 3),
                Map.of("a", Map.of("y", 20), "c", Map.of()));
        assertThat(merged).isEqualTo(Map.of("a", Map.of("x", 1, "y", 20), "b", 3, "c", Map.of()));
    }

    private static DumperOptions dumpOptions() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return options;
    }
}
