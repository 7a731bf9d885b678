package dev.rehearsal.dashboard.catalog;

import dev.rehearsal.drill.sandbox.SandboxLedger;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** The sandbox ledger in the catalog: it outlives a crashed daemon, so the janitor can find what a drill left. */
public final class JdbcSandboxLedger implements SandboxLedger {

    private final JdbcTemplate jdbc;

    public JdbcSandboxLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(String table, String drillId) {
        jdbc.update("INSERT INTO rehearsal_sandbox_ledger (table_name, drill_id, recorded_at) VALUES (?,?,?)",
                table, drillId, Timestamp.from(Instant.now()));
    }

    @Override
    public Optional<String> owner(String table) {
        List<String> owners = jdbc.queryForList("SELECT drill_id FROM rehearsal_sandbox_ledger WHERE table_name = ?",
                String.class, table);
        return owners.stream().findFirst();
    }

    @Override
    public void release(String table) {
        jdbc.update("DELETE FROM rehearsal_sandbox_ledger WHERE table_name = ?", table);
    }
}
