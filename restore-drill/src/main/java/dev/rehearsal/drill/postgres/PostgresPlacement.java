package dev.rehearsal.drill.postgres;

import dev.rehearsal.core.source.postgres.PostgresSchema;
import dev.rehearsal.core.source.postgres.PostgresTableName;
import dev.rehearsal.drill.sink.TableInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a restore target's name puts the restored table, and what making and removing that place
 * takes. {@link SandboxSchemas}: each target is a schema of its own that the restore creates and
 * drops whole. {@link SchemaTables}: each target is {@code schema.table} in a schema that exists,
 * and only the table (and enum types the restore created for it) is ever created or dropped.
 * {@link PostgresTableSink} does the loading, finishing and reading the same way for both.
 */
sealed interface PostgresPlacement permits SandboxSchemas, SchemaTables {

    /** Refuses a target name PostgreSQL would not keep whole. */
    void requireName(String target);

    /** The definition the table is created with: the backup's, with the names the place requires. */
    PostgresSchema restoredAs(String target, PostgresSchema backup);

    /** The table {@code target} is, given the definition {@link #restoredAs} returned. */
    PostgresTableName table(String target, PostgresSchema restored);

    /** The table {@code target} stands for in the database, or null if there is none; for the reader. */
    PostgresTableName resolve(Connection c, String target) throws SQLException;

    /** The schema first on the search path when statements about {@code target} run. */
    String schema(String target);

    boolean exists(Connection c, String target) throws SQLException;

    /**
     * In the creating transaction, before {@code CREATE TABLE}: makes or checks the place, sets the
     * search path (with {@code SET LOCAL}) and provides the enum types the table needs.
     */
    void prepare(Connection c, String target, PostgresSchema restored, Map<String, String> marks) throws SQLException;

    /** In the creating transaction, after {@code CREATE TABLE}: records the marks where the place keeps them. */
    void marked(Connection c, String target, PostgresSchema restored, Map<String, String> marks) throws SQLException;

    /**
     * Removes what a restore marked {@code key=value} created for {@code target}; the caller has
     * proven that it may.
     */
    void remove(Connection c, String target, String key, String value) throws SQLException;

    /** Targets whose names start with {@code prefix}, with when they were created. */
    List<TableInfo> list(Connection c, String prefix) throws SQLException;

    /** The marks of {@code target}, or empty where the place keeps none (ownership is then the ledger's word). */
    Optional<Map<String, String>> tags(Connection c, String target) throws SQLException;

    /** Marks a target left behind as partial; false where the place cannot. */
    boolean markPartial(Connection c, String target, String restoreId) throws SQLException;

    /** Whether targets here are new tables outside the sandbox, which a failed restore may delete. */
    boolean holdsNewTables();

    /** The target as messages name it, for example {@code sandbox schema 'x'}. */
    String describe(String target);

    /**
     * When a target was created, from the stamp Rehearsal writes into its comment in the transaction
     * that creates it ({@code stamp}'s first group). A target without one is taken as new, so that the
     * janitor never sweeps it on a guess.
     */
    static java.time.Instant created(java.util.regex.Pattern stamp, String comment) {
        if (comment != null) {
            java.util.regex.Matcher m = stamp.matcher(comment);
            if (m.find()) {
                try {
                    return java.time.Instant.parse(m.group(1));
                } catch (java.time.format.DateTimeParseException ignored) {
                    // Fall through: treated as new.
                }
            }
        }
        return java.time.Instant.now();
    }
}
