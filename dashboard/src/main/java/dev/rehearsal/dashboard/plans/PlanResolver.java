package dev.rehearsal.dashboard.plans;

import dev.rehearsal.core.TableId;
import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.config.PlanTables;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.engine.Engines;
import dev.rehearsal.dashboard.jobs.Refusal;
import dev.rehearsal.drill.plan.PlanStage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a configured plan to its stages of covered tables. The candidates are the tables the
 * sources list now and the tables with backups in the catalog: during an incident the tables a plan
 * must bring back may be exactly the ones that are gone from the source.
 */
public final class PlanResolver {

    private final RehearsalProperties config;
    private final Engines engines;
    private final Catalog catalog;

    public PlanResolver(RehearsalProperties config, Engines engines, Catalog catalog) {
        this.config = config;
        this.engines = engines;
        this.catalog = catalog;
    }

    /** The plan's configuration, or a 404 naming the plans there are. */
    public RehearsalProperties.Plan plan(String name) {
        RehearsalProperties.Plan plan = name == null ? null : config.plans().get(name);
        if (plan == null) {
            throw Refusal.notFound("unknown plan '" + (name == null ? null : dev.rehearsal.dashboard.jobs.Preflight.abbreviate(name))
                    + "'; configured plans: " + config.plans().keySet());
        }
        return plan;
    }

    /** The plan's stages with their tables as of now; a stage that names no covered table is a 409 naming it. */
    public List<PlanStage> stages(String name) {
        RehearsalProperties.Plan plan = plan(name);
        Set<TableId> candidates = candidates();
        List<PlanStage> stages = new ArrayList<>();
        for (RehearsalProperties.Stage s : plan.stages()) {
            List<TableId> tables = PlanTables.resolve(s.tables(), candidates);
            if (tables.isEmpty()) {
                throw Refusal.conflict("stage '" + s.name() + "' of plan '" + name + "' names no covered table now ("
                        + String.join(", ", s.tables()) + "): neither a source lists one nor has the catalog a backup of one");
            }
            stages.add(new PlanStage(s.name(), s.objective(), s.concurrency(), tables));
        }
        return stages;
    }

    /**
     * A configured stage with the covered tables it names now, for the API and the pages.
     *
     * @param patterns the stage's patterns as configured
     * @param tables   what they name now ({@code source/table}); empty when the plan cannot be resolved
     */
    public record StageTables(String name, java.time.Duration objective, int concurrency, List<String> patterns,
            List<String> tables) {
    }

    /**
     * @param stages     every configured stage, in order
     * @param unresolved why the plan cannot be resolved now (a stage names no covered table), or null
     */
    public record Described(List<StageTables> stages, String unresolved) {
    }

    /** The plan's stages as configured, each with the tables it names now; a plan that cannot be resolved says why. */
    public Described describe(String name) {
        RehearsalProperties.Plan plan = plan(name);
        List<PlanStage> resolved = List.of();
        String unresolved = null;
        try {
            resolved = stages(name);
        } catch (Refusal e) {
            unresolved = e.getMessage();
        }
        List<StageTables> out = new ArrayList<>();
        for (int i = 0; i < plan.stages().size(); i++) {
            RehearsalProperties.Stage s = plan.stages().get(i);
            List<String> tables = i < resolved.size() ? resolved.get(i).tables().stream().map(Object::toString).toList()
                    : List.of();
            out.add(new StageTables(s.name(), s.objective(), s.concurrency(), s.tables(), tables));
        }
        return new Described(out, unresolved);
    }

    /** Every stage's objective, in order, for the metrics. */
    public static Map<String, java.time.Duration> objectives(RehearsalProperties.Plan plan) {
        Map<String, java.time.Duration> out = new LinkedHashMap<>();
        plan.stages().forEach(s -> out.put(s.name(), s.objective()));
        return out;
    }

    private Set<TableId> candidates() {
        Set<TableId> all = new LinkedHashSet<>();
        engines.listTables(new LinkedHashMap<>()).forEach((source, tables) ->
                tables.forEach(t -> all.add(new TableId(source, t))));
        all.addAll(catalog.backedUpTables());
        all.removeIf(t -> engines.policyFor(t.source(), t.table()).isEmpty());
        return all;
    }
}
