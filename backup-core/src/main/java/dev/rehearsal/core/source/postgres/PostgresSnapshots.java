package dev.rehearsal.core.source.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exported snapshots this process holds open. A snapshot exported by {@code pg_export_snapshot()}
 * lives only as long as the transaction that exported it, so that transaction is kept here: while
 * any scan is attached, and for a lease after the last one let go. Workers in other processes
 * (remote partitioning) import the snapshot by its id while it is held here. The daemon's backup
 * job keeps a scan open in the process that prepared the backup for as long as its segments are
 * read, wherever they are read, so the snapshot is held for the whole backup; the lease only
 * bridges the moments when no scan is open: between planning the backup and reading its
 * segments, and between a failed attempt and its restart.
 */
final class PostgresSnapshots implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresSnapshots.class);

    private final Duration lease;
    private final Map<String, Held> held = new HashMap<>();
    private final ScheduledExecutorService reaper;

    PostgresSnapshots(Duration lease) {
        this.lease = lease;
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rehearsal-postgres-snapshots");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, Math.min(lease.toMillis() / 4, 5_000));
        reaper.scheduleWithFixedDelay(this::reap, period, period, TimeUnit.MILLISECONDS);
    }

    /** Keeps {@code exporter}, whose open transaction exported snapshot {@code id}, until the lease runs out unused. */
    synchronized void hold(String id, String table, Connection exporter) {
        held.put(id, new Held(exporter, table, System.nanoTime()));
    }

    /** Ends every snapshot taken to read {@code table} now, used or not, so that its lock goes too. */
    void endAll(String table) {
        Map<String, Held> ending = new HashMap<>();
        synchronized (this) {
            held.entrySet().removeIf(e -> {
                if (e.getValue().table.equals(table)) {
                    ending.put(e.getKey(), e.getValue());
                    return true;
                }
                return false;
            });
        }
        ending.forEach(this::end);
    }

    /** Marks the snapshot in use; false if this process does not hold it (it may still be held elsewhere). */
    synchronized boolean attach(String id) {
        Held h = held.get(id);
        if (h == null) {
            return false;
        }
        h.users++;
        return true;
    }

    synchronized void release(String id) {
        Held h = held.get(id);
        if (h != null) {
            h.users = Math.max(0, h.users - 1);
            h.idleSince = System.nanoTime();
        }
    }

    synchronized int size() {
        return held.size();
    }

    private void reap() {
        Map<String, Held> expired = new HashMap<>();
        synchronized (this) {
            long now = System.nanoTime();
            for (Iterator<Map.Entry<String, Held>> it = held.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Held> e = it.next();
                if (e.getValue().users == 0 && now - e.getValue().idleSince > lease.toNanos()) {
                    expired.put(e.getKey(), e.getValue());
                    it.remove();
                }
            }
        }
        expired.forEach(this::end);
    }

    private void end(String id, Held h) {
        try (Connection c = h.connection) {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            log.debug("Closing the transaction that exported snapshot {} failed: {}", id, e.toString());
        }
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        Map<String, Held> all;
        synchronized (this) {
            all = new HashMap<>(held);
            held.clear();
        }
        all.forEach(this::end);
    }

    private static final class Held {
        final Connection connection;
        final String table;
        long idleSince;
        int users;

        Held(Connection connection, String table, long idleSince) {
            this.connection = connection;
            this.table = table;
            this.idleSince = idleSince;
        }
    }
}
