package dev.rehearsal.dashboard.web;

import dev.rehearsal.dashboard.evidence.ComplianceExport;
import dev.rehearsal.dashboard.evidence.EvidenceSigner;
import dev.rehearsal.drill.evidence.Envelope;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /compliance}: the compliance export of a period for an auditor or an admin (the security
 * chain refuses others), with the signed export to download as JSON or CSV.
 */
@Controller
class CompliancePageController {

    private final ComplianceExport compliance;
    private final EvidenceSigner signer;

    CompliancePageController(ComplianceExport compliance, EvidenceSigner signer) {
        this.compliance = compliance;
        this.signer = signer;
    }

    /** @param from first day (UTC), by default 90 days before today; @param to last day, included, by default today */
    @GetMapping("/compliance")
    String page(@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate first = day(from, today.minusDays(90), "from");
        LocalDate last = day(to, today, "to");
        if (last.isBefore(first) || java.time.Duration.between(start(first), start(last.plusDays(1)))
                .compareTo(ComplianceExport.MAX_PERIOD) > 0) {
            throw dev.rehearsal.dashboard.jobs.Refusal.badRequest("the period must run forwards and cover at most 366 days, not " + first
                    + " to " + last);
        }
        model.addAttribute("from", first);
        model.addAttribute("to", last);
        model.addAttribute("doc", compliance.build(start(first), start(last.plusDays(1))));
        model.addAttribute("signing", signer.signing());
        model.addAttribute("keyId", signer.activeKeyId().orElse(null));
        return "compliance";
    }

    /** The signed export of the page's period, as a DSSE envelope holding the JSON or the CSV. */
    @GetMapping("/compliance/export")
    ResponseEntity<String> export(@RequestParam String from, @RequestParam String to,
            @RequestParam(defaultValue = "json") String format) {
        LocalDate first = day(from, null, "from");
        LocalDate last = day(to, null, "to");
        if (last.isBefore(first)) {
            throw dev.rehearsal.dashboard.jobs.Refusal.badRequest("'to' (" + last + ") is before 'from' (" + first + ")");
        }
        if (!format.equals("json") && !format.equals("csv")) {
            throw dev.rehearsal.dashboard.jobs.Refusal.badRequest("'format' must be json or csv");
        }
        ComplianceExport.Document d = compliance.build(start(first), start(last.plusDays(1)));
        Envelope e = format.equals("json") ? signer.document(ComplianceExport.JSON_TYPE, ComplianceExport.json(d))
                : signer.document(ComplianceExport.CSV_TYPE, ComplianceExport.csv(d));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).header(HttpHeaders.CONTENT_DISPOSITION,
                "attachment; filename=\"rehearsal-compliance-" + first + "-" + last + "." + format + ".dsse.json\"")
                .body(e.toJson());
    }

    private static Instant start(LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static LocalDate day(String value, LocalDate otherwise, String name) {
        if (value == null || value.isBlank()) {
            if (otherwise == null) {
                throw dev.rehearsal.dashboard.jobs.Refusal.badRequest("'" + name + "' is required: a date such as 2026-10-01");
            }
            return otherwise;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeException e) {
            throw dev.rehearsal.dashboard.jobs.Refusal.badRequest("'" + name + "' must be a date such as 2026-10-01");
        }
    }
}
