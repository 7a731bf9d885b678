package dev.rehearsal.core.source;

/**
 * One database (an endpoint, a region, credentials) whose tables can be backed up.
 * Implementations are thread-safe.
 */
public interface TableSource extends AutoCloseable {

    /** What the manifest and messages say about this source; never a secret. */
    SourceInfo info();

    /** The table's schema and size estimates. Fails with {@link SourceException} naming the table if it does not exist. */
    TableDescription describe(String table);

    /** Counts the table's items exactly, by reading it. */
    long count(String table);

    /**
     * Prepares to read a table just described in parallel segments. Whatever consistency the engine
     * can give (a shared snapshot, for example) is held by the returned scan until it is closed.
     */
    TableScan openScan(TableDescription table, ScanOptions options);

    /**
     * The engine's cheap estimate of the table's item count, for reports and forecasts: it takes no
     * lock and holds no snapshot. By default the estimate {@link #describe} gives.
     */
    default long approximateItems(String table) {
        return describe(table).approximateItems();
    }

    /**
     * Whether another process can read a segment of a scan this process opened, inside the same
     * snapshot: PostgreSQL exports its snapshot for others to import, and DynamoDB has none to share.
     * An engine whose snapshot lives only in the connections of the process that opened it answers
     * false, and its segments are then read in that process even where the daemon spreads other work
     * over replicas.
     */
    default boolean segmentsReadableElsewhere() {
        return true;
    }

    /** The table's deletion protection and point-in-time recovery, as far as the engine reports them. */
    default TableProtection protection(String table) {
        return TableProtection.UNKNOWN;
    }

    @Override
    void close();
}
