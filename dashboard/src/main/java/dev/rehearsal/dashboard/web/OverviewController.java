package dev.rehearsal.dashboard.web;

import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.coverage.CoverageAudit;
import dev.rehearsal.dashboard.coverage.TableStatus;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /}: every table of every source, one row each, with a cell per objective. */
@Controller
class OverviewController {

    /** One overview row: the audit's status and the level of each cell. */
    record Row(TableStatus t, String word, String status, String coverage, String backup, String drill, String rto,
            String forecast) {

        static Row of(TableStatus t) {
            return new Row(t, Cells.word(t), Cells.css(t.status()), Cells.css(Cells.coverage(t)), Cells.css(Cells.backup(t)),
                    Cells.css(Cells.drill(t)), Cells.css(Cells.rto(t)), Cells.css(Cells.forecast(t)));
        }
    }

    private final CoverageAudit coverage;
    private final RehearsalProperties config;

    OverviewController(CoverageAudit coverage, RehearsalProperties config) {
        this.coverage = coverage;
        this.config = config;
    }

    @GetMapping("/")
    String overview(Model model) {
        List<TableStatus> tables = coverage.tables();
        model.addAttribute("summary", coverage.summary(tables));
        model.addAttribute("rows", tables.stream().map(Row::of).toList());
        model.addAttribute("sources", config.sources().keySet());
        return "overview";
    }
}
