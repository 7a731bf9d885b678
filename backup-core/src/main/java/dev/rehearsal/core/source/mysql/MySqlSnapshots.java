package dev.rehearsal.core.source.mysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consistent snapshots this process holds open. MySQL cannot hand a snapshot from one connection
 * to another, so a snapshot here is a set of connections that each opened a
 * {@code START TRANSACTION WITH CONSISTENT SNAPSHOT} at the same instant (under a global read lock,
 * or alone); every segment of the scan is read on one of them, any of them, since they all see the
 * same rows. The connections are kept while a scan is attached and for a lease after the last one
 * let go, then rolled back. Consequently a MySQL backup's segments are read in the process that
 * described the table.
 */
final class MySqlSnapshots implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MySqlSnapshots.class);

    private final Duration lease;
    private final Map<String, Held> held = new HashMap<>();
    private final ScheduledExecutorService reaper;

    MySqlSnapshots(Duration lease) {
        this.lease = lease;
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rehearsal-mysql-snapshots");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, Math.min(lease.toMillis() / 4, 5_000));
        reaper.scheduleWithFixedDelay(this::reap, period, period, TimeUnit.MILLISECONDS);
    }

    /** Keeps {@code readers}, each in a transaction of snapshot {@code id}, until the lease runs out unused. */
    synchronized void hold(String id, String table, List<Connection> readers) {
        held.put(id, new Held(table, readers, System.nanoTime()));
    }

    /** Marks the snapshot in use; false if this process does not hold it. */
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

    /**
     * One of the snapshot's connections, waiting until one is free; null if the snapshot is not
     * held here any more or has lost every connection.
     */
    Connection borrow(String id) throws InterruptedException {
        Held h;
        synchronized (this) {
            h = held.get(id);
        }
        if (h == null) {
            return null;
        }
        while (true) {
            Connection c = h.free.poll(200, TimeUnit.MILLISECONDS);
            if (c != null) {
                return c;
            }
            synchronized (this) {
                if (held.get(id) != h || h.alive == 0) {
                    return null;
                }
            }
        }
    }

    /** Gives a borrowed connection back; one that failed mid-read is closed instead, its state unknown. */
    void giveBack(String id, Connection c, boolean usable) {
        Held h;
        synchronized (this) {
            h = held.get(id);
            if (h != null && !usable) {
                h.alive--;
            }
        }
        if (h == null || !usable) {
            end(c);
            return;
        }
        h.free.add(c);
    }

    /** Ends every snapshot taken of {@code table} now, used or not, so that their metadata locks go too. */
    void endAll(String table) {
        List<Held> ending = new ArrayList<>();
        synchronized (this) {
            held.values().removeIf(h -> {
                if (h.table.equals(table)) {
                    ending.add(h);
                    return true;
                }
                return false;
            });
        }
        ending.forEach(Held::endAll);
    }

    synchronized int size() {
        return held.size();
    }

    private void reap() {
        List<Held> expired = new ArrayList<>();
        synchronized (this) {
            long now = System.nanoTime();
            for (Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
                Held h = it.next();
                if (h.users == 0 && now - h.idleSince > lease.toNanos()) {
                    expired.add(h);
                    it.remove();
                }
            }
        }
        expired.forEach(Held::endAll);
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        List<Held> all;
        synchronized (this) {
            all = new ArrayList<>(held.values());
            held.clear();
        }
        all.forEach(Held::endAll);
    }

    /** Rolls back and closes a snapshot connection; its failure changes nothing any more. */
    static void end(Connection c) {
        try (c; Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException | RuntimeException e) {
            log.debug("Ending a snapshot transaction failed: {}", e.toString());
        }
    }

    private static final class Held {
        final String table;
        final List<Connection> all;
        final LinkedBlockingQueue<Connection> free;
        long idleSince;
        int users;
        int alive;

        Held(String table, List<Connection> readers, long idleSince) {
            this.table = table;
            this.all = List.copyOf(readers);
            this.free = new LinkedBlockingQueue<>(readers);
            this.idleSince = idleSince;
            this.alive = readers.size();
        }

        /** Closes every connection; borrowed ones are aborted, so that a read on one of them fails at once. */
        void endAll() {
            List<Connection> idle = new ArrayList<>();
            free.drainTo(idle);
            for (Connection c : all) {
                if (idle.contains(c)) {
                    end(c);
                } else {
                    try {
                        c.abort(Runnable::run);
                    } catch (SQLException | RuntimeException e) {
                        log.debug("Aborting a snapshot connection failed: {}", e.toString());
                    }
                }
            }
        }
    }
}
