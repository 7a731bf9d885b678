package dev.rehearsal.drill.sandbox;

import static org.assertj.core.api.Assertions.assertThat;


class InMemorySandboxLedgerTest extends SandboxLedgerContract {

    @Override
    protected SandboxLedger newLedger() {
        return new InMemorySandboxLedger();
    }
}
