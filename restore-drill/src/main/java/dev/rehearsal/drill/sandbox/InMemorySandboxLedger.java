package dev.rehearsal.drill.sandbox;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link SandboxLedger} that lives as long as the process. */
public final class InMemorySandboxLedger implements SandboxLedger {

    private final Map<String, String> owners = new ConcurrentHashMap<>();

    /** Refuses a table recorded already, as the catalog's ledger does: a second claimant never takes a table over. */
    @Override
    public void record(String table, String drillId) {
        String earlier = owners.putIfAbsent(table, drillId);
        if (earlier != null) {
            throw new IllegalStateException("table '" + table + "' is recorded already, as created by " + earlier);
        }
    }

    @Override
    public Optional<String> owner(String table) {
        return Optional.ofNullable(owners.get(table));
    }

    @Override
    public void release(String table) {
        owners.remove(table);
    }
}
