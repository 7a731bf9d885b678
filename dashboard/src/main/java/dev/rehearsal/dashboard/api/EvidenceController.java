package dev.rehearsal.dashboard.api;

import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.evidence.ComplianceExport;
import dev.rehearsal.dashboard.evidence.EvidenceSigner;
import dev.rehearsal.dashboard.jobs.Preflight;
import dev.rehearsal.dashboard.jobs.Refusal;
import dev.rehearsal.drill.evidence.Envelope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signed evidence (docs/EVIDENCE.md): the public keys reports are verified with, each drill's and
 * plan run's DSSE envelope, and the compliance export of a period.
 */
@RestController
@Tag(name = "evidence", description = "Signed drill reports, their public keys, and the compliance export")
class EvidenceController {

    /** A public key reports may be verified with. */
    record KeyView(String keyId, String algorithm, String status, String publicKeyPem, String publicKeyDer) {
    }

    /** {@code signing} is false when reports are stored unsigned; {@code keys} then holds retired keys only. */
    record KeysView(boolean signing, String activeKeyId, String algorithm, List<KeyView> keys) {
    }

    private final Catalog catalog;
    private final EvidenceSigner signer;
    private final ComplianceExport compliance;

    EvidenceController(Catalog catalog, EvidenceSigner signer, ComplianceExport compliance) {
        this.catalog = catalog;
        this.signer = signer;
        this.compliance = compliance;
    }

    @GetMapping(path = "/api/v1/evidence/keys", produces = "application/json")
    @Operation(summary = "Public keys of signed reports", description = "The key that signs now (status 'active') and"
            + " retired keys that signed before, by key id, as PEM and base64 DER SubjectPublicKeyInfo (Ed25519)")
    KeysView keys() {
        return new KeysView(signer.signing(), signer.activeKeyId().orElse(null), "Ed25519", signer.keys().stream()
                .map(k -> new KeyView(k.keyId(), "Ed25519", k.active() ? "active" : "retired", k.pem(), k.derBase64()))
                .toList());
    }

    @GetMapping(path = "/api/v1/drills/{drillId}/evidence", produces = "application/json")
    @Operation(summary = "A drill's signed report", description = "The DSSE envelope stored with the drill's report: an"
            + " in-toto statement about the backup it restored, signed with Ed25519 (no signatures when no key was"
            + " configured). Verify it by hand as docs/EVIDENCE.md shows.")
    ResponseEntity<String> drill(@PathVariable String drillId) {
        if (catalog.drill(drillId).isEmpty()) {
            throw Refusal.notFound("no drill '" + Preflight.abbreviate(drillId) + "'");
        }
        return envelope(catalog.drillEvidence(drillId).orElseThrow(() -> Refusal.notFound("drill " + drillId
                + " has no evidence envelope: it was stored before signed evidence existed")));
    }

    @GetMapping(path = "/api/v1/plan-runs/{runId}/evidence", produces = "application/json")
    @Operation(summary = "A plan run's signed report", description = "The DSSE envelope stored with the plan run's report;"
            + " one subject per backup it restored")
    ResponseEntity<String> planRun(@PathVariable String runId) {
        var run = catalog.planRun(runId).orElseThrow(() -> Refusal.notFound("no plan run '" + Preflight.abbreviate(runId)
                + "'"));
        if (run.running()) {
            throw Refusal.conflict("plan run " + runId + " is still running; its report is signed when it ends");
        }
        return envelope(catalog.planRunEvidence(runId).orElseThrow(() -> Refusal.notFound("plan run " + runId
                + " has no evidence envelope: it ended without a report, or before signed evidence existed")));
    }

    @GetMapping(path = "/api/v1/compliance", produces = "application/json")
    @Operation(summary = "Compliance summary of a period", description = "Needs the auditor or admin role. Per table and"
            + " per plan: policy, control labels, backups taken, drills passed and failed, the longest gap between passing"
            + " drills, measured RTO against the objective, forecast error, and the reports it rests on. 'from' and 'to'"
            + " are ISO-8601 instants or dates (UTC); the period is [from, to), at most 366 days. Unsigned; see /export.")
    ResponseEntity<byte[]> summary(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        Instant[] period = period(from, to);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(ComplianceExport.json(compliance.build(period[0], period[1])));
    }

    @GetMapping(path = "/api/v1/compliance/export", produces = "application/json")
    @Operation(summary = "Signed compliance export of a period", description = "Needs the auditor or admin role. The"
            + " document of /api/v1/compliance as JSON (format=json, the default) or CSV (format=csv), delivered as the"
            + " payload of a DSSE envelope signed like drill reports (payloadType application/vnd.rehearsal.compliance+json"
            + " or +csv)")
    ResponseEntity<String> export(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "json") String format) {
        if (!format.equals("json") && !format.equals("csv")) {
            throw Refusal.badRequest("'format' must be json or csv, not '" + Preflight.abbreviate(format) + "'");
        }
        Instant[] period = period(from, to);
        ComplianceExport.Document d = compliance.build(period[0], period[1]);
        Envelope e = format.equals("json") ? signer.document(ComplianceExport.JSON_TYPE, ComplianceExport.json(d))
                : signer.document(ComplianceExport.CSV_TYPE, ComplianceExport.csv(d));
        String name = "rehearsal-compliance-" + day(period[0]) + "-" + day(period[1]) + "." + format + ".dsse.json";
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"").body(e.toJson());
    }

    private static ResponseEntity<String> envelope(String json) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json);
    }

    /** [from, to) from the query, each an instant or a date; refused with the parameter named. */
    static Instant[] period(String from, String to) {
        Instant f = instant("from", from);
        Instant t = instant("to", to);
        if (!f.isBefore(t)) {
            throw Refusal.badRequest("'from' (" + f + ") must be before 'to' (" + t + ")");
        }
        if (java.time.Duration.between(f, t).compareTo(ComplianceExport.MAX_PERIOD) > 0) {
            throw Refusal.badRequest("the period from " + f + " to " + t + " is longer than 366 days; export it in parts");
        }
        return new Instant[] {f, t};
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            throw Refusal.badRequest("'" + name + "' is required: an ISO-8601 instant (2026-10-01T00:00:00Z) or a date"
                    + " (2026-10-01, UTC)");
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw Refusal.badRequest("'" + name + "' must be an ISO-8601 instant (2026-10-01T00:00:00Z) or a date"
                    + " (2026-10-01), not '" + Preflight.abbreviate(value) + "'");
        }
    }

    private static String day(Instant t) {
        return t.toString().substring(0, 10);
    }
}
