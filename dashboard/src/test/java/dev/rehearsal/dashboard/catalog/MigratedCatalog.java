package dev.rehearsal.dashboard.catalog;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

/** A catalog database with the daemon's own migrations applied, as the daemon starts it. */
final class MigratedCatalog {

    private MigratedCatalog() {
    }

    static JdbcTemplate migrate(DataSource ds) {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return new JdbcTemplate(ds);
    }
}
