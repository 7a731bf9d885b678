package dev.rehearsal.dashboard.config;

import dev.rehearsal.core.TableId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which tables a plan's stage names: its patterns ({@code source/table}, or a table alone for any
 * source; each a name or a glob) matched against the covered tables. The validator and the daemon
 * resolve a plan the same way, through here.
 */
public final class PlanTables {

    private PlanTables() {
    }

    /** The tables a policy covers, by source, among those each source holds; each with its policy's name. */
    public static Map<TableId, String> covered(RehearsalProperties config, Map<String, List<String>> tablesBySource) {
        Map<TableId, String> covered = new LinkedHashMap<>();
        tablesBySource.forEach((source, tables) -> {
            for (String table : tables) {
                config.policies().entrySet().stream()
                        .filter(e -> source.equals(e.getValue().source()) && ConfigValidator.matches(e.getValue().tables(), table))
                        .findFirst()
                        .ifPresent(e -> covered.put(new TableId(source, table), e.getKey()));
            }
        });
        return covered;
    }

    /** The source a pattern is limited to, or null for any. */
    public static String source(String pattern) {
        int slash = pattern.indexOf('/');
        return slash < 0 ? null : pattern.substring(0, slash);
    }

    /** Whether {@code pattern} names {@code table}. */
    public static boolean matches(String pattern, TableId table) {
        String source = source(pattern);
        String name = source == null ? pattern : pattern.substring(source.length() + 1);
        return (source == null || source.equals(table.source())) && ConfigValidator.glob(name).matcher(table.table()).matches();
    }

    /** The tables of {@code candidates} that any of {@code patterns} names, in the order of the patterns, each once. */
    public static List<TableId> resolve(List<String> patterns, Set<TableId> candidates) {
        Set<TableId> out = new LinkedHashSet<>();
        for (String pattern : patterns) {
            for (TableId t : candidates) {
                if (matches(pattern, t)) {
                    out.add(t);
                }
            }
        }
        return new ArrayList<>(out);
    }
}
