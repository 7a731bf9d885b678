package dev.rehearsal.dashboard.catalog;

import dev.rehearsal.core.testing.PostgresExtension;
import dev.rehearsal.drill.sandbox.SandboxLedger;
import dev.rehearsal.drill.sandbox.SandboxLedgerContract;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The sandbox ledger contract on a PostgreSQL catalog, migrated by the daemon's own Flyway scripts. */
class JdbcSandboxLedgerOnPostgresTest extends SandboxLedgerContract {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static JdbcTemplate jdbc;

    @Override
    protected SandboxLedger newLedger() {
        if (jdbc == null) {
            jdbc = MigratedCatalog.migrate(new DriverManagerDataSource(postgres.url(), postgres.user(), postgres.password()));
        }
        jdbc.update("DELETE FROM rehearsal_sandbox_ledger");
        return new JdbcSandboxLedger(jdbc);
    }

    @Override
    protected Class<? extends RuntimeException> refusalOfASecondRecord() {
        return DuplicateKeyException.class;
    }
}
