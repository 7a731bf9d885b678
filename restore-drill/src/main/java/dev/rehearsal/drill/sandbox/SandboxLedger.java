package dev.rehearsal.drill.sandbox;

import java.util.Optional;

/**
 * Records which drill created which sandbox table, written before the table is created. It proves
 * ownership where the engine cannot (an engine, or an endpoint, without tags) and lets the janitor find tables
 * a crashed drill left. The daemon keeps it in its catalog; {@link InMemorySandboxLedger} serves a
 * single process.
 */
public interface SandboxLedger {

    /** Records that {@code drillId} is about to create {@code table}; refuses (throws) a table recorded already. */
    void record(String table, String drillId);

    /** The drill that recorded {@code table}, if any. */
    Optional<String> owner(String table);

    void release(String table);
}
