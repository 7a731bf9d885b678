package dev.rehearsal.drill.sandbox;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link SandboxLedger} that lives as long as the process. */
public final class InMemorySandboxLedger implements SandboxLedger {

    private final Map<String, String> owners = new ConcurrentHashMap<>();

    @Override
    public void record(String table, String drillId) {
        owners.put(table, drillId);
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
