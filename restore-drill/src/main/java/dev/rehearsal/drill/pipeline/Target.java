package dev.rehearsal.drill.pipeline;

import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxLedger;
import java.util.Objects;

/** Where a verified restore writes, how it claims the table before creating it, and what it does with it afterwards. */
public sealed interface Target {

    /** The table's name for run {@code runId}, known before anything is claimed (for progress reports). */
    String name(String runId);

    /**
     * A new sandbox table named by the guard for the source table and the run.
     *
     * @param keepWhenVerified keep a verified table for the operator (the janitor removes it later);
     *                         false deletes it whatever the outcome, as a drill does
     */
    record Sandbox(SandboxGuard guard, String sourceTable, boolean keepWhenVerified) implements Target {
        public Sandbox {
            Objects.requireNonNull(guard, "guard");
            Objects.requireNonNull(sourceTable, "sourceTable");
        }

        @Override
        public String name(String runId) {
            return guard.sandboxFor(sourceTable, runId).name();
        }
    }

    /**
     * A new table outside the sandbox, on the source's own endpoint (an admin's restore). It is kept
     * when verified; otherwise it is deleted, or with {@code keepPartial} kept and marked as partial.
     */
    record NewTable(String name, SandboxLedger ledger, boolean keepPartial) implements Target {
        public NewTable {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(ledger, "ledger");
        }

        @Override
        public String name(String runId) {
            return name;
        }
    }
}
