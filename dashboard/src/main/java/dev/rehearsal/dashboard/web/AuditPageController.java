package dev.rehearsal.dashboard.web;

import dev.rehearsal.dashboard.audit.AuditLog;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** {@code /audit}: the audit log, newest first, a page at a time (admins only, by the security chain). */
@Controller
class AuditPageController {

    static final int PAGE = 100;

    private final AuditLog audit;

    AuditPageController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/audit")
    String audit(@RequestParam(required = false) Long before, Model model) {
        List<AuditLog.Entry> entries = audit.recent(PAGE, before);
        model.addAttribute("entries", entries);
        model.addAttribute("older", entries.size() == PAGE ? entries.get(entries.size() - 1).id() : null);
        model.addAttribute("paged", before != null);
        return "audit";
    }
}
