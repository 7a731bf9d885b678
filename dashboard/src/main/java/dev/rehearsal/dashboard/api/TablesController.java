package dev.rehearsal.dashboard.api;

import dev.rehearsal.dashboard.coverage.CoverageAudit;
import dev.rehearsal.dashboard.coverage.TableStatus;
import dev.rehearsal.dashboard.jobs.Preflight;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
@Tag(name = "tables", description = "Every table of every source, with coverage, backups, drills and objectives")
class TablesController {

    private final CoverageAudit coverage;
    private final Preflight preflight;

    TablesController(CoverageAudit coverage, Preflight preflight) {
        this.coverage = coverage;
        this.preflight = preflight;
    }

    @GetMapping("/tables")
    @Operation(summary = "List tables", description = "Every table of every configured source: covered by a policy,"
            + " excluded, or not covered; newest backup and drill; RPO, measured RTO and forecast against objectives."
            + " Filter by source, coverage or status.")
    List<TableStatus> tables(@RequestParam(required = false) String source,
            @RequestParam(required = false) TableStatus.Coverage coverage,
            @RequestParam(required = false) TableStatus.Level status) {
        return this.coverage.tables().stream()
                .filter(t -> source == null || t.source().equals(source))
                .filter(t -> coverage == null || t.coverage() == coverage)
                .filter(t -> status == null || t.status() == status)
                .toList();
    }

    @GetMapping("/tables/{source}/{table}")
    @Operation(summary = "Get one table")
    TableStatus table(@PathVariable String source, @PathVariable String table) {
        return preflight.table(source, table);
    }

    @GetMapping("/coverage")
    @Operation(summary = "Coverage summary", description = "Counts of verified, failing, uncovered and excluded tables,"
            + " and the sources that could not be listed")
    CoverageAudit.Summary summary() {
        return coverage.summary();
    }
}
