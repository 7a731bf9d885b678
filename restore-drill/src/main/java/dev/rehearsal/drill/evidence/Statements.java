package dev.rehearsal.drill.evidence;

import dev.rehearsal.drill.drill.DrillReports;
import dev.rehearsal.drill.drill.DrillResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * In-toto Statements (v1) about drills: the subject is the backup a drill restored (named
 * {@code source/table/backupId}, digested by its manifest's seal), the predicate the drill's report.
 */
public final class Statements {

    /** DSSE payload type of an in-toto statement. */
    public static final String IN_TOTO_TYPE = "application/vnd.in-toto+json";
    public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    /** Predicate of a single table's drill: {@code predicate.report} is the drill report. */
    public static final String DRILL_PREDICATE = "https://rehearsal.dev/attestations/drill-report/v1";
    /** Predicate of a plan run (plan drill or recovery): {@code predicate.report} is the plan-run report. */
    public static final String PLAN_RUN_PREDICATE = "https://rehearsal.dev/attestations/plan-run-report/v1";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Statements() {
    }

    /**
     * A backup a statement is about.
     *
     * @param name           {@code source/table/backupId}
     * @param manifestSha256 the manifest's seal ({@code manifestSha256}, docs/FORMAT.md), 64 hex digits
     */
    public record Subject(String name, String manifestSha256) {

        public static Subject of(String source, String table, String backupId, String manifestSha256) {
            return new Subject(source + "/" + table + "/" + backupId, manifestSha256);
        }
    }

    /** Who wrote the statement; its versions are part of the evidence. */
    public record Producer(String version) {
    }

    /** The statement of a drill; no subject when the drill restored no backup (or its manifest could not be read). */
    public static byte[] drill(DrillResult r, Subject subject, Producer producer) {
        return statement(subject == null ? List.of() : List.of(subject), DRILL_PREDICATE, DrillReports.document(r),
                producer);
    }

    /** The statement of a plan run, one subject per backup it restored. */
    public static byte[] planRun(Map<String, Object> report, List<Subject> subjects, Producer producer) {
        return statement(subjects, PLAN_RUN_PREDICATE, report, producer);
    }

    static byte[] statement(List<Subject> subjects, String predicateType, Map<String, Object> report, Producer producer) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("_type", STATEMENT_TYPE);
        List<Map<String, Object>> subject = new ArrayList<>();
        for (Subject sub : subjects) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", sub.name());
            m.put("digest", Map.of("sha256", sub.manifestSha256()));
            subject.add(m);
        }
        s.put("subject", subject);
        s.put("predicateType", predicateType);
        Map<String, Object> p = new LinkedHashMap<>();
        Map<String, Object> by = new LinkedHashMap<>();
        by.put("name", "rehearsal");
        by.put("version", producer.version());
        by.put("java", System.getProperty("java.version"));
        p.put("producer", by);
        p.put("report", report);
        s.put("predicate", p);
        return JSON.writeValueAsString(s).getBytes(StandardCharsets.UTF_8);
    }
}
