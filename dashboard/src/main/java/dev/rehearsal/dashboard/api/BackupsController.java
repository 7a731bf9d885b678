package dev.rehearsal.dashboard.api;

import dev.rehearsal.core.TableId;
import dev.rehearsal.dashboard.jobs.Refusal;
import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.dashboard.audit.RequestAudit;
import dev.rehearsal.dashboard.catalog.BackupRecord;
import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.cluster.Partitions;
import dev.rehearsal.dashboard.jobs.OnDemand;
import dev.rehearsal.dashboard.jobs.Preflight;
import dev.rehearsal.dashboard.jobs.RehearsalJobs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping(path = "/api/v1/backups", produces = "application/json")
@Tag(name = "backups", description = "Committed backups, and backups on demand")
class BackupsController {

    /** A table to act on. */
    record TableRef(String source, String table) {
    }

    /** A backup's manifest, without the list of data objects. */
    record BackupDetail(String source, String table, String backupId, String store, int formatVersion, Instant startedAt,
            Instant finishedAt, long items, long storedBytes, long uncompressedBytes, int objects, String contentDigest,
            String compression, String scanMode, boolean pointInTime, String writer, JsonNode schema,
            List<PartitionRun> partitions) {
    }

    /**
     * A partition of the backup as a worker ran it, with remote partitioning (none without): which
     * process, how it ended, and when. A partition lost with its worker shows once as LOST and once
     * more as run by the restart.
     */
    record PartitionRun(String partition, String worker, String status, Instant claimedAt, Instant finishedAt,
            long jobExecutionId, String error) {
    }

    /** What was started. */
    record Started(String source, String table, String status, String follow) {
    }

    private final Catalog catalog;
    private final Preflight preflight;
    private final OnDemand onDemand;
    private final RehearsalJobs jobs;
    private final RequestAudit audit;
    private final Partitions partitions;

    BackupsController(Catalog catalog, Preflight preflight, OnDemand onDemand, RehearsalJobs jobs, RequestAudit audit,
            Partitions partitions) {
        this.partitions = partitions;
        this.catalog = catalog;
        this.preflight = preflight;
        this.onDemand = onDemand;
        this.jobs = jobs;
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "List backups", description = "Committed backups recorded in the catalog, newest first;"
            + " filter by source, table and finish time (ISO-8601, UTC)")
    List<BackupRecord> list(@RequestParam(required = false) String source, @RequestParam(required = false) String table,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(defaultValue = "100") int limit) {
        if (source != null) {
            preflight.source(source);
        }
        if (table != null) {
            if (source != null) {
                preflight.tableName(source, "table", table);
            } else {
                Preflight.anyTableName("table", table);
            }
        }
        if (limit < 1 || limit > 1000) {
            throw Refusal.badRequest("'limit' must be between 1 and 1000, not " + limit);
        }
        return catalog.backups(source, table, from, to, limit);
    }

    @GetMapping("/{source}/{table}/{backupId}")
    @Operation(summary = "Get one backup", description = "The backup's manifest, read from its store, without the list"
            + " of data objects")
    BackupDetail get(@PathVariable String source, @PathVariable String table, @PathVariable String backupId) {
        Preflight.Found found = preflight.manifest(source, table, backupId);
        Manifest m = found.manifest();
        return new BackupDetail(source, table, m.backupId(), preflight.covered(source, table).policy().store(),
                m.formatVersion(), m.startedAt(), m.finishedAt(), m.totals().items(), m.totals().bytes(),
                m.totals().uncompressedBytes(), m.objects().size(), m.contentDigest().display(), m.compression(),
                m.scan().mode(), m.scan().pointInTime(), m.writer(), m.table().schema(),
                catalog.backupJobExecution(source, table, m.backupId()).map(partitions::ofJobInstanceUpTo)
                        .orElse(List.of()).stream().map(p -> new PartitionRun(
                                p.stepName().substring(p.stepName().indexOf(':') + 1), p.worker().toString(),
                                p.status(), p.claimedAt(), p.finishedAt(), p.jobExecutionId(), p.error())).toList());
    }

    @org.springframework.web.bind.annotation.ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping(consumes = "application/json")
    @Operation(summary = "Back up a table now", description = "Needs the operator role. Answers 202 at once; the backup"
            + " shows in the backups list when it has committed.")
    ResponseEntity<Started> backup(@RequestBody TableRef body, Principal who, HttpServletRequest request) {
        String source = body == null ? null : body.source();
        String table = body == null ? null : body.table();
        RequestAudit.describe(request, "backup.start", new TableId(String.valueOf(source), String.valueOf(table)).toString());
        Preflight.Covered covered = preflight.backup(source, table);
        if (jobs.isRunning("backup", source, table)) {
            throw Refusal.conflict("a backup of table '" + table + "' of source '" + source + "' is running already");
        }
        var accepted = audit.accept(request);
        busy(() -> onDemand.backup(covered, accepted));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Started(source, table, "STARTED",
                "/api/v1/backups?source=" + source + "&table=" + table));
    }

    static void busy(Runnable r) {
        try {
            r.run();
        } catch (OnDemand.Busy e) {
            throw new Refusal(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        }
    }
}
