package dev.rehearsal.dashboard.catalog;

import dev.rehearsal.drill.drill.DrillResult;
import dev.rehearsal.drill.evidence.Dsse;
import dev.rehearsal.drill.evidence.Envelope;
import dev.rehearsal.drill.plan.PlanReport;
import java.util.List;

/** Wraps a report in its DSSE envelope as the catalog stores it (docs/EVIDENCE.md). */
public interface ReportSigner {

    /** Every envelope unsigned, with no subject: for a catalog used without the daemon's signer. */
    ReportSigner UNSIGNED = new ReportSigner() {
        @Override
        public Envelope drill(DrillResult r) {
            return Dsse.sign(dev.rehearsal.drill.evidence.Statements.IN_TOTO_TYPE,
                    dev.rehearsal.drill.evidence.Statements.drill(r, null, new dev.rehearsal.drill.evidence.Statements.Producer(
                            "development")), null);
        }

        @Override
        public Envelope planRun(PlanReport report) {
            return Dsse.sign(dev.rehearsal.drill.evidence.Statements.IN_TOTO_TYPE,
                    dev.rehearsal.drill.evidence.Statements.planRun(dev.rehearsal.drill.plan.PlanReports.document(report),
                            List.of(), new dev.rehearsal.drill.evidence.Statements.Producer("development")), null);
        }
    };

    Envelope drill(DrillResult r);

    Envelope planRun(PlanReport report);
}
