package dev.rehearsal.core.source.mysql;

import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.io.RateLimiter;
import dev.rehearsal.core.source.ItemSink;
import dev.rehearsal.core.source.ScanOptions;
import dev.rehearsal.core.source.SourceException;
import dev.rehearsal.core.source.TableScan;
import java.io.IOException;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A table read as ranges of its integer primary key's first column, one per segment, each on one
 * of the connections of the snapshot the table was described in. With {@code L} and {@code H} the
 * column's smallest and largest value in the snapshot, {@code W = H - L + 1} and {@code n}
 * segments, segment {@code s} reads {@code col >= L + floor(W*s/n)} and {@code col < L + floor(W*(s+1)/n)},
 * the first without the lower bound and the last without the upper one, so every row is read
 * exactly once. A table without such a key is one segment.
 */
final class MySqlScan implements TableScan {

    private static final int FETCH = 1000;
    private static final int CHECK_INTERRUPT_EVERY = 1024;

    private final MySqlTableSource source;
    private final String table;
    private final MySqlSchema schema;
    private final int segments;
    private final RateLimiter limiter;
    private final boolean attached;
    private final List<MySqlSchema.Column> columns;
    private final MySqlValues.Form[] forms;
    private final String select;

    MySqlScan(MySqlTableSource source, String table, MySqlSchema schema, int segments, ScanOptions options) {
        this.source = source;
        this.table = table;
        this.schema = schema;
        this.segments = schema.snapshot().rangeColumn() == null ? 1 : segments;
        this.limiter = options.readLimit().limited() ? new RateLimiter(options.readLimit().perSecond()) : null;
        this.columns = schema.dataColumnDefinitions();
        this.forms = columns.stream().map(MySqlValues::form).toArray(MySqlValues.Form[]::new);
        this.select = "SELECT " + columns.stream().map(MySqlValues::select).collect(Collectors.joining(", "))
                + " FROM " + new MySqlTableName(schema.databaseName(), schema.tableName()).quoted();
        this.attached = source.snapshots().attach(schema.snapshot().id());
    }

    @Override
    public int segments() {
        return segments;
    }

    @Override
    public Manifest.Scan mode() {
        MySqlSchema.Snapshot s = schema.snapshot();
        return new Manifest.Scan("mysql-consistent-snapshot", segments, true, true,
                s.readers() + " connection(s) read the table inside one consistent snapshot opened at " + s.takenAt()
                        + (s.globalReadLock() ? " under a global read lock held only while they opened it" : "")
                        + (s.rangeColumn() != null ? ", each segment a range of `" + s.rangeColumn() + "`" : "")
                        + ": the rows are the table as it was at that instant, whatever was written while the backup ran.");
    }

    /** The SELECT of one segment. */
    String selectSql(int segment) {
        MySqlSchema.Snapshot s = schema.snapshot();
        if (segments == 1) {
            return select;
        }
        if (s.rangeLow() == null) {
            return segment == 0 ? select : select + " WHERE FALSE";
        }
        BigInteger low = new BigInteger(s.rangeLow());
        BigInteger width = new BigInteger(s.rangeHigh()).subtract(low).add(BigInteger.ONE);
        BigInteger n = BigInteger.valueOf(segments);
        String col = MySqlTableName.quote(s.rangeColumn());
        BigInteger from = low.add(width.multiply(BigInteger.valueOf(segment)).divide(n));
        BigInteger to = low.add(width.multiply(BigInteger.valueOf(segment + 1L)).divide(n));
        if (segment == 0) {
            return select + " WHERE " + col + " < " + to;
        }
        if (segment == segments - 1) {
            return select + " WHERE " + col + " >= " + from;
        }
        return select + " WHERE " + col + " >= " + from + " AND " + col + " < " + to;
    }

    @Override
    public void read(int segment, ItemSink sink) throws IOException, InterruptedException {
        if (segment < 0 || segment >= segments) {
            throw new IllegalArgumentException("segment " + segment + " of " + segments);
        }
        String id = schema.snapshot().id();
        Connection c = source.snapshots().borrow(id);
        if (c == null) {
            throw new SourceException(source.where(table) + ": the consistent snapshot opened at "
                    + schema.snapshot().takenAt() + " is no longer open in this process (its backup must start again)",
                    null);
        }
        boolean usable = false;
        MySqlCanonical canonical = new MySqlCanonical(schema.dataColumns());
        MySqlRowJson json = new MySqlRowJson(schema.dataColumns());
        String[] values = new String[columns.size()];
        try (Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            s.setFetchSize(FETCH);
            try (ResultSet rs = s.executeQuery(selectSql(segment))) {
                long n = 0;
                while (rs.next()) {
                    for (int i = 0; i < values.length; i++) {
                        values[i] = MySqlValues.read(rs, i + 1, forms[i]);
                    }
                    sink.accept(json.line(values), canonical.hash(values));
                    if (limiter != null) {
                        limiter.acquire(1);
                    }
                    if (++n % CHECK_INTERRUPT_EVERY == 0 && Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException("backup of " + table + " cancelled");
                    }
                }
            }
            usable = true;
        } catch (SQLException e) {
            throw new SourceException(source.where(table) + ": reading segment " + segment + " failed: "
                    + MySqlTableSource.reason(e), e);
        } finally {
            source.snapshots().giveBack(id, c, usable);
        }
    }

    @Override
    public void close() {
        if (attached) {
            source.snapshots().release(schema.snapshot().id());
        }
    }
}
