package dev.rehearsal.core.source.postgres;

import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.io.RateLimiter;
import dev.rehearsal.core.source.ItemSink;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.SourceException;
import dev.rehearsal.core.source.TableScan;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * A table read as ctid block ranges, one per segment, each by its own connection inside the
 * snapshot the table was described in ({@code SET TRANSACTION SNAPSHOT}). Segment {@code s} of
 * {@code n} copies the rows whose ctid lies in pages {@code [blocks*s/n, blocks*(s+1)/n)} (the
 * first range has no lower bound and the last no upper bound), so the ranges cover the table
 * exactly once; PostgreSQL 14 and later read such a range with a TID Range Scan.
 */
final class PostgresScan implements TableScan {

    private static final int CHECK_INTERRUPT_EVERY = 1024;

    private final PostgresTableSource source;
    private final String table;
    private final PostgresSchema schema;
    private final int segments;
    private final RateLimiter limiter;
    private final boolean attached;
    private final List<String> columns;
    private final String select;

    PostgresScan(PostgresTableSource source, String table, PostgresSchema schema, int segments, ScanOptions options) {
        this.source = source;
        this.table = table;
        this.schema = schema;
        this.segments = segments;
        this.limiter = options.readLimit().limited() ? new RateLimiter(options.readLimit().perSecond()) : null;
        this.columns = schema.dataColumns();
        this.select = "SELECT " + columns.stream().map(PostgresTableName::quote).collect(Collectors.joining(", "))
                + " FROM " + new PostgresTableName(schema.schemaName(), schema.tableName()).quoted();
        this.attached = source.snapshots().attach(schema.snapshot().id());
    }

    @Override
    public int segments() {
        return segments;
    }

    @Override
    public Manifest.Scan mode() {
        return new Manifest.Scan("postgres-copy-snapshot", segments, true, true,
                "Every segment copied a ctid range of the table inside one exported REPEATABLE READ snapshot, taken at "
                        + schema.snapshot().takenAt() + ": the rows are the table as it was at that instant, whatever"
                        + " was written while the backup ran.");
    }

    /** The COPY statement of one segment. */
    String copySql(int segment) {
        long blocks = schema.snapshot().blocks();
        String where = "";
        if (segments > 1) {
            long from = blocks * segment / segments;
            long to = blocks * (segment + 1) / segments;
            if (segment == 0) {
                where = " WHERE ctid < '(" + to + ",0)'::tid";
            } else if (segment == segments - 1) {
                where = " WHERE ctid >= '(" + from + ",0)'::tid";
            } else {
                where = " WHERE ctid >= '(" + from + ",0)'::tid AND ctid < '(" + to + ",0)'::tid";
            }
        }
        return "COPY (" + select + where + ") TO STDOUT";
    }

    @Override
    public void read(int segment, ItemSink sink) throws IOException, InterruptedException {
        PostgresCanonical canonical = new PostgresCanonical(columns);
        copy(segment, row -> {
            String[] values = PostgresCopyText.decode(row, columns.size());
            sink.accept(PostgresRowJson.line(columns, values), canonical.hash(values));
        });
    }

    /** The hashes only, computed from the rows' bytes: no strings, no lines. */
    @Override
    public void readHashes(int segment, HashSink sink) throws IOException, InterruptedException {
        PostgresCanonical canonical = new PostgresCanonical(columns);
        copy(segment, row -> sink.accept(canonical.hashCopyRow(row)));
    }

    /** What is done with each row of COPY text a segment's copy receives. */
    @FunctionalInterface
    private interface RowHandler {
        void row(byte[] row) throws IOException;
    }

    private void copy(int segment, RowHandler handler) throws IOException, InterruptedException {
        if (segment < 0 || segment >= segments) {
            throw new IllegalArgumentException("segment " + segment + " of " + segments);
        }
        try (Connection c = source.connector().open()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION READ ONLY");
                try {
                    s.execute("SET TRANSACTION SNAPSHOT " + PostgresTableName.literal(schema.snapshot().id()));
                } catch (SQLException e) {
                    throw new SourceException(source.where(table) + ": snapshot " + schema.snapshot().id() + " taken at "
                            + schema.snapshot().takenAt() + " is no longer open (its backup must start again): "
                            + PostgresTableSource.reason(e), e);
                }
            }
            CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut(copySql(segment));
            try {
                byte[] row;
                long n = 0;
                while ((row = copy.readFromCopy()) != null) {
                    handler.row(row);
                    if (limiter != null) {
                        limiter.acquire(1);
                    }
                    if (++n % CHECK_INTERRUPT_EVERY == 0 && Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException("backup of " + table + " cancelled");
                    }
                }
            } finally {
                if (copy.isActive()) {
                    try {
                        copy.cancelCopy();
                    } catch (SQLException ignored) {
                        // The connection closes next; the server ends the COPY with it.
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new SourceException(source.where(table) + ": copy of segment " + segment + " failed: "
                    + PostgresTableSource.reason(e), e);
        }
    }

    @Override
    public void close() {
        if (attached) {
            source.snapshots().release(schema.snapshot().id());
        }
    }
}
