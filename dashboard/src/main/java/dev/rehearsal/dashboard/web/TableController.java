package dev.rehearsal.dashboard.web;

import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.catalog.DrillRecord;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.coverage.CoverageAudit;
import dev.rehearsal.dashboard.coverage.TableStatus;
import dev.rehearsal.drill.drill.DrillReports;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /tables/{source}/{table}}: one table's status, backups and drill history, with charts of
 * measured recovery time against the objective and of restore throughput against size.
 */
@Controller
class TableController {

    static final int HISTORY = 50;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CoverageAudit coverage;
    private final Catalog catalog;
    private final RehearsalProperties config;
    private final Formats fmt;

    TableController(CoverageAudit coverage, Catalog catalog, RehearsalProperties config, Formats fmt) {
        this.fmt = fmt;
        this.coverage = coverage;
        this.catalog = catalog;
        this.config = config;
    }

    @GetMapping("/tables/{source}/{table}")
    String table(@PathVariable String source, @PathVariable String table, Model model) {
        TableStatus t = find(coverage, config, source, table);
        List<DrillRecord> drills = catalog.drills(source, table, null, HISTORY);
        model.addAttribute("t", t);
        model.addAttribute("level", Cells.css(t.status()));
        model.addAttribute("word", Cells.word(t));
        model.addAttribute("backups", catalog.backups(source, table, null, null, HISTORY));
        model.addAttribute("drills", drills);
        model.addAttribute("rtoLabel", "Recovery time of the last " + drills.size() + " drills against an objective of "
                + fmt.seconds(t.rtoSeconds()) + "; the drill history table below has the numbers");
        model.addAttribute("rtoSeries", JSON.writeValueAsString(rtoSeries(drills, t.rtoSeconds())));
        model.addAttribute("throughputSeries", JSON.writeValueAsString(throughputSeries(drills)));
        model.addAttribute("sandboxConfigured", config.sandbox() != null);
        model.addAttribute("canDrill", Viewer.of(SecurityContextHolder.getContext().getAuthentication()).canOperate()
                && t.coverage() == TableStatus.Coverage.COVERED && config.sandbox() != null);
        return "table";
    }

    /** A table the coverage audit knows, or the 404 page saying what is known instead. */
    static TableStatus find(CoverageAudit coverage, RehearsalProperties config, String source, String table) {
        if (!config.sources().containsKey(source)) {
            throw new PageNotFound("There is no source '" + source + "'. Configured sources: "
                    + (config.sources().isEmpty() ? "none" : String.join(", ", config.sources().keySet())) + ".");
        }
        return coverage.table(source, table).orElseThrow(() -> new PageNotFound("Source '" + source
                + "' has no table '" + table + "' as of the last coverage audit."));
    }

    /** Oldest first: each drill's finish time, its measured recovery time (null if it failed) and outcome. */
    private static Map<String, Object> rtoSeries(List<DrillRecord> newestFirst, Double objective) {
        List<Map<String, Object>> points = new ArrayList<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            DrillRecord d = newestFirst.get(i);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("at", d.finishedAt().toString());
            p.put("drillId", d.drillId());
            p.put("outcome", d.outcome());
            p.put("seconds", d.recoveryMs() == null ? null : d.recoveryMs() / 1000.0);
            points.add(p);
        }
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("objectiveSeconds", objective);
        series.put("drills", points);
        return series;
    }

    /** Passed drills' item counts and data-load throughput, from their reports. */
    private List<Map<String, Object>> throughputSeries(List<DrillRecord> drills) {
        List<Map<String, Object>> points = new ArrayList<>();
        for (DrillRecord d : drills) {
            if (!d.outcome().equals("PASSED")) {
                continue;
            }
            catalog.drillReport(d.drillId()).map(DrillReports::fromJson).ifPresent(r -> {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("drillId", r.drillId());
                p.put("items", r.items());
                p.put("itemsPerSecond", Math.round(r.itemsPerSecond() * 10) / 10.0);
                points.add(p);
            });
        }
        return points;
    }
}
