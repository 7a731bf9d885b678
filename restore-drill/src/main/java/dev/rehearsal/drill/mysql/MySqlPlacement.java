package dev.rehearsal.drill.mysql;

import dev.rehearsal.core.source.mysql.MySqlSchema;
import dev.rehearsal.core.source.mysql.MySqlTableName;
import dev.rehearsal.drill.sink.TableInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a restore target's name puts the restored table. {@link SandboxDatabases}: each target is a
 * database of its own, created with the table and dropped whole. {@link NewTables}: each target is a
 * new table {@code database.table} in a database that exists, and only that table is ever created
 * or dropped. Either way the table's comment carries Rehearsal's marks
 * ({@code Rehearsal restore ...; created <instant>; key=value; ...}); MySQL's table comment is not
 * part of the recorded schema, so the marks change nothing that is compared.
 */
sealed interface MySqlPlacement permits SandboxDatabases, NewTables {

    /** Refuses a target name the server would not keep whole. */
    void requireName(String target);

    /** The table {@code target} is, for a table whose backup was named {@code backupTable}. */
    MySqlTableName table(String target, String backupTable);

    /** The table {@code target} stands for on the server, or null if there is none; for the reader. */
    MySqlTableName resolve(Connection c, String target) throws SQLException;

    boolean exists(Connection c, String target) throws SQLException;

    /** Makes or checks the place before {@code CREATE TABLE}. */
    void prepare(Connection c, String target) throws SQLException;

    /** Undoes {@link #prepare} after a {@code CREATE TABLE} that failed. */
    void abandon(Connection c, String target) throws SQLException;

    /** Removes what a restore created for {@code target}; the caller has proven that it may. */
    void remove(Connection c, String target) throws SQLException;

    /** Targets whose names start with {@code prefix}, with when they were created. */
    List<TableInfo> list(Connection c, String prefix) throws SQLException;

    /** Whether targets here are new tables outside the sandbox, which a failed restore may delete. */
    boolean holdsNewTables();

    /** The target as messages name it, for example {@code sandbox database 'x'}. */
    String describe(String target);

    Pattern CREATED = Pattern.compile("created (\\S+?);");
    Pattern MARK = Pattern.compile("(rehearsal:[a-z-]+)=([^;]*);");

    /** The comment that marks a table Rehearsal created. */
    static String comment(String what, Map<String, String> marks) {
        StringBuilder b = new StringBuilder("Rehearsal ").append(what).append("; created ").append(Instant.now()).append(';');
        marks.forEach((k, v) -> b.append(' ').append(k).append('=').append(v.replace(";", "_")).append(';'));
        return b.toString();
    }

    /** The marks in a table's comment. */
    static Map<String, String> marks(String comment) {
        Map<String, String> marks = new LinkedHashMap<>();
        if (comment != null) {
            Matcher m = MARK.matcher(comment);
            while (m.find()) {
                marks.put(m.group(1), m.group(2));
            }
        }
        return marks;
    }

    /** When a table was created, from its comment; a table without a stamp is taken as new, so that no janitor sweeps it on a guess. */
    static Instant created(String comment) {
        if (comment != null) {
            Matcher m = CREATED.matcher(comment);
            if (m.find()) {
                try {
                    return Instant.parse(m.group(1));
                } catch (DateTimeParseException ignored) {
                    // Fall through: taken as new.
                }
            }
        }
        return Instant.now();
    }

    /** The marks of {@code target} where the place keeps them as tags, else empty. */
    Optional<Map<String, String>> tags(Connection c, String target) throws SQLException;

    /** The restored definition: the backup's, under the place's database and table name. */
    default MySqlSchema restoredAs(String target, MySqlSchema backup) {
        MySqlTableName t = table(target, backup.tableName());
        return backup.renamed(t.database(), t.table());
    }
}
