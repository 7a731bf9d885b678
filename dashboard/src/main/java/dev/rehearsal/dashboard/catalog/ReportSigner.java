package dev.rehearsal.dashboard.catalog;

import dev.rehearsal.drill.drill.DrillResult;
import dev.rehearsal.drill.evidence.Dsse;
import dev.rehearsal.drill.evidence.Envelope;
import dev.rehearsal.drill.evidence.Statements;
import dev.rehearsal.drill.plan.PlanReport;
import dev.rehearsal.drill.plan.PlanReports;
import java.util.List;

/** Wraps a report in its DSSE envelope as the catalog stores it (docs/EVIDENCE.md). */
public interface ReportSigner {

    /** Every envelope unsigned, with no subject: for a catalog used without the daemon's signer. */
    ReportSigner UNSIGNED = new ReportSigner() {
        private final Statements.Producer producer = new Statements.Producer("development");

        @Override
        public Envelope drill(DrillResult r) {
            return Dsse.sign(Statements.IN_TOTO_TYPE, Statements.drill(r, null, producer), null);
        }

        @Override
        public Envelope planRun(PlanReport report) {
            return Dsse.sign(Statements.IN_TOTO_TYPE, Statements.planRun(PlanReports.document(report), List.of(), producer),
                    null);
        }
    };

    Envelope drill(DrillResult r);

    Envelope planRun(PlanReport report);
}
