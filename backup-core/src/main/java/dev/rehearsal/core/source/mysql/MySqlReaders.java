package dev.rehearsal.core.source.mysql;

/**
 * How many connections read a table, and what the source does about the global read lock that
 * parallel readers need (docs/FORMAT.md, "MySQL scan").
 *
 * @param max               readers of one table at most
 * @param lock              whether the source takes the global read lock, or reads with one reader
 * @param parallelFromBytes a table smaller than this (by the server's estimate) is read by one
 *                          reader and takes no lock at all
 */
public record MySqlReaders(int max, Lock lock, long parallelFromBytes) {

    /** Four readers for tables of 8 MiB and more, the lock required. */
    public static final MySqlReaders DEFAULT = new MySqlReaders(4, Lock.REQUIRED, 8L * 1024 * 1024);

    public MySqlReaders {
        if (max < 1) {
            throw new IllegalArgumentException("readers must be at least 1, was " + max);
        }
        if (parallelFromBytes < 0) {
            throw new IllegalArgumentException("parallelFromBytes must not be negative, was " + parallelFromBytes);
        }
        if (lock == null) {
            throw new IllegalArgumentException("lock must be set");
        }
    }

    /** Readers of one table, one in single-reader mode; the other settings kept. */
    public MySqlReaders withMax(int readers) {
        return new MySqlReaders(readers, lock, parallelFromBytes);
    }

    public MySqlReaders withLock(Lock l) {
        return new MySqlReaders(max, l, parallelFromBytes);
    }

    public MySqlReaders withParallelFromBytes(long bytes) {
        return new MySqlReaders(max, lock, bytes);
    }

    /** What parallel readers do about {@code FLUSH TABLES WITH READ LOCK}. */
    public enum Lock {
        /**
         * Take it for the moment the readers open their snapshot; a user without the privilege
         * (RELOAD) gets an error naming the server and the privilege, and no backup.
         */
        REQUIRED,
        /** Take it where the user may; where not, read every table with one reader, still consistent. */
        OR_SINGLE_READER,
        /** Never take it: every table is read by one reader in one consistent snapshot. */
        NEVER
    }
}
