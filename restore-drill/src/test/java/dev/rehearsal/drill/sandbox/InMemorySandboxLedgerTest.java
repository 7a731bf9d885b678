package dev.rehearsal.drill.sandbox;

/** The ledger contract on the ledger that lives as long as the process. */
class InMemorySandboxLedgerTest extends SandboxLedgerContract {

    @Override
    protected SandboxLedger newLedger() {
        return new InMemorySandboxLedger();
    }
}
