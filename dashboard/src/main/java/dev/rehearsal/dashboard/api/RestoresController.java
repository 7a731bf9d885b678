package dev.rehearsal.dashboard.api;

import dev.rehearsal.core.TableId;
import dev.rehearsal.dashboard.jobs.Refusal;
import dev.rehearsal.dashboard.audit.RequestAudit;
import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.catalog.RestoreRecord;
import dev.rehearsal.dashboard.jobs.OnDemand;
import dev.rehearsal.dashboard.jobs.Preflight;
import dev.rehearsal.dashboard.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping("/api/v1/restores")
@Tag(name = "restores", description = "On-demand restores with live progress")
class RestoresController {

    private static final Duration POLL = Duration.ofMillis(500);

    /**
     * @param backupId    the backup to restore; the newest committed one if absent
     * @param targetTable a new table on the source's own endpoint (admin role only); a sandbox table if absent.
     *                    It must not exist: Rehearsal never restores over a table.
     * @param keepPartial with {@code targetTable}: keep the table if the restore fails or is cancelled (marked
     *                    as partial) instead of deleting it
     */
    record RestoreRequestBody(String source, String table, String backupId, String targetTable, Boolean keepPartial) {
    }

    /**
     * A restore and its progress. {@code etaSeconds} is the data load's remaining time at the rate
     * measured so far; {@code percent} counts items.
     */
    record RestoreStatus(String restoreId, String source, String table, String backupId, String target, boolean sandbox,
            String requestedBy, dev.rehearsal.dashboard.catalog.RestoreStatus status, String phase, long items, long totalItems, double percent,
            Double itemsPerSecond, Long etaSeconds, Instant startedAt, Instant finishedAt, Double recoverySeconds,
            String error, String partialTable) {

        static RestoreStatus of(RestoreRecord r) {
            return new RestoreStatus(r.restoreId(), r.source(), r.table(), r.backupId(), r.target(), r.sandbox(),
                    r.requestedBy(), r.status(), r.phase(), r.items(), r.totalItems(), Math.round(r.percent() * 10) / 10.0,
                    r.itemsPerSecond() == null ? null : Math.round(r.itemsPerSecond() * 10) / 10.0, r.etaSeconds(),
                    r.startedAt(), r.finishedAt(), r.recoveryMs() == null ? null : r.recoveryMs() / 1000.0, r.error(),
                    r.partialTable());
        }
    }

    private final Catalog catalog;
    private final Preflight preflight;
    private final OnDemand onDemand;
    private final RequestAudit audit;
    private final RestoreStream stream;

    RestoresController(Catalog catalog, Preflight preflight, OnDemand onDemand, RequestAudit audit, RestoreStream stream) {
        this.stream = stream;
        this.catalog = catalog;
        this.preflight = preflight;
        this.onDemand = onDemand;
        this.audit = audit;
    }

    @org.springframework.web.bind.annotation.ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping(consumes = "application/json", produces = "application/json")
    @Operation(summary = "Start a restore", description = "Restores a backup (the newest by default) into a new sandbox"
            + " table (operator role), or into a new table with the given name on the source's endpoint (admin role)."
            + " The restored table is verified like a drill's and kept. If a restore into a new table fails or is"
            + " cancelled, the table it created is deleted unless 'keepPartial' is true; one that cannot be deleted"
            + " is marked as partial and named in 'partialTable'. Everything that can be checked up front (the"
            + " table covered, a committed backup in a readable store, a sandbox for the engine, the target free"
            + " and outside the sandbox) is checked before anything starts. Answers 202 with the restore's id.")
    ResponseEntity<RestoreStatus> start(@RequestBody RestoreRequestBody body, Authentication who,
            HttpServletRequest request) {
        if (body == null) {
            throw Refusal.badRequest("the request body is required");
        }
        String target = body.targetTable();
        RequestAudit.describe(request, target == null ? "restore.start" : "restore.start-new-table",
                new TableId(String.valueOf(body.source()), String.valueOf(body.table())) + (body.backupId() != null ? "@" + body.backupId() : "")
                        + (target != null ? " -> " + target : ""));
        if (target != null && Role.highest(who.getAuthorities()).orElse(Role.VIEWER) != Role.ADMIN) {
            throw Refusal.forbidden("restoring into a new table outside the sandbox ('targetTable') needs the"
                    + " admin role; leave 'targetTable' out to restore into a sandbox");
        }
        if (target == null && body.keepPartial() != null) {
            throw Refusal.badRequest("'keepPartial' applies to a restore into a new table ('targetTable') only;"
                    + " a sandbox restore's table is the sandbox's");
        }
        Preflight.Restore restore = preflight.restore(body.source(), body.table(), body.backupId(), target,
                Boolean.TRUE.equals(body.keepPartial()));
        var accepted = audit.accept(request);
        String[] id = new String[1];
        BackupsController.busy(() -> id[0] = onDemand.restore(restore, accepted));
        RestoreRecord r = catalog.restore(id[0]).orElseThrow();
        return ResponseEntity.status(HttpStatus.ACCEPTED).header(HttpHeaders.LOCATION, "/api/v1/restores/" + id[0])
                .contentType(MediaType.APPLICATION_JSON).body(RestoreStatus.of(r));
    }

    @GetMapping(produces = "application/json")
    @Operation(summary = "List restores", description = "Newest first")
    List<RestoreStatus> list(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw Refusal.badRequest("'limit' must be between 1 and 1000, not " + limit);
        }
        return catalog.restores(limit).stream().map(RestoreStatus::of).toList();
    }

    @GetMapping(path = "/{restoreId}", produces = "application/json")
    @Operation(summary = "Get a restore's status and progress")
    RestoreStatus get(@PathVariable String restoreId) {
        return RestoreStatus.of(record(restoreId));
    }

    @GetMapping(path = "/{restoreId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Follow a restore", description = "Server-sent events: a 'progress' event with the status"
            + " about twice a second while it runs, then one 'finished' event, and the stream ends")
    SseEmitter events(@PathVariable String restoreId) {
        record(restoreId);
        return stream.open(restoreId, RestoreStatus::of);
    }

    @org.springframework.web.bind.annotation.ResponseStatus(HttpStatus.ACCEPTED)
    @DeleteMapping(path = "/{restoreId}", produces = "application/json")
    @Operation(summary = "Cancel a restore", description = "Needs the operator role. Stops the load; the half-loaded"
            + " target is deleted (a new table outside the sandbox too, unless the restore asked to keep it). Answers 202.")
    ResponseEntity<RestoreStatus> cancel(@PathVariable String restoreId, Principal who, HttpServletRequest request) {
        RequestAudit.describe(request, "restore.cancel", restoreId);
        RestoreRecord r = record(restoreId);
        if (!r.running()) {
            throw Refusal.conflict("restore " + restoreId + " is not running: it " + r.status().name().toLowerCase());
        }
        if (!onDemand.runsHere(restoreId)) {
            throw Refusal.conflict("restore " + restoreId + " does not run in this replica; cancel it in the"
                    + " replica that started it");
        }
        onDemand.cancel(restoreId, audit.accept(request));
        return ResponseEntity.accepted().contentType(MediaType.APPLICATION_JSON).body(RestoreStatus.of(record(restoreId)));
    }

    private RestoreRecord record(String restoreId) {
        Preflight.runId("restore", restoreId);
        return catalog.restore(restoreId).orElseThrow(() -> Refusal.notFound("no restore '" + restoreId + "'"));
    }
}
