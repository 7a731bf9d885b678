package dev.rehearsal.dashboard.api;

import dev.rehearsal.dashboard.jobs.Refusal;
import dev.rehearsal.dashboard.audit.AuditLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/audit", produces = "application/json")
@Tag(name = "audit", description = "The audit log (admin role)")
class AuditController {

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "Read the audit log", description = "Newest first; pass the smallest id seen as 'before' to"
            + " page back. Needs the admin role.")
    List<AuditLog.Entry> entries(@RequestParam(defaultValue = "100") int limit, @RequestParam(required = false) Long before) {
        if (limit < 1 || limit > 1000) {
            throw Refusal.badRequest("'limit' must be between 1 and 1000, not " + limit);
        }
        return audit.recent(limit, before);
    }
}
