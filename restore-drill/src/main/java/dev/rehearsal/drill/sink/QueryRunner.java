package dev.rehearsal.drill.sink;

import java.util.List;

/**
 * A sink that can answer a read-only query about a restored table, for policy SQL checks. The
 * query runs where the restored table is visible by its own name (for PostgreSQL, with the sandbox
 * schema on the search path), in a read-only transaction that is rolled back.
 */
public interface QueryRunner {

    /** The rows the query returns, each value as its text form (null for NULL). */
    List<List<String>> query(String table, String sql);
}
