package dev.rehearsal.drill.sink;

/**
 * A database that backups are restored into, as one engine provides it: what loads
 * ({@link TableLoader}), what verification reads ({@link RestoredTableReader}) and what administers
 * the tables Rehearsal creates ({@link SandboxAdmin}). Each consumer asks for the role it needs:
 * the restore runner loads, the checks read, the janitor and clean-ups administer; the pipeline
 * that does all three takes the whole sink. Implementations are thread-safe.
 */
public interface TableSink extends TableLoader, RestoredTableReader, SandboxAdmin, AutoCloseable {

    @Override
    boolean exists(String table);

    @Override
    void close();
}
