package dev.rehearsal.dashboard.catalog;

import dev.rehearsal.drill.sandbox.SandboxLedger;
import dev.rehearsal.drill.sandbox.SandboxLedgerContract;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The sandbox ledger contract on an H2 catalog, migrated by the daemon's own Flyway scripts. */
class JdbcSandboxLedgerOnH2Test extends SandboxLedgerContract {

    private static final JdbcTemplate jdbc = MigratedCatalog.migrate(new DriverManagerDataSource(
            "jdbc:h2:mem:ledger-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""));

    @Override
    protected SandboxLedger newLedger() {
        jdbc.update("DELETE FROM rehearsal_sandbox_ledger");
        return new JdbcSandboxLedger(jdbc);
    }

    @Override
    protected Class<? extends RuntimeException> refusalOfASecondRecord() {
        return DuplicateKeyException.class;
    }
}
