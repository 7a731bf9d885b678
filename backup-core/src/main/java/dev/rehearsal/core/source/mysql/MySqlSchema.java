package dev.rehearsal.core.source.mysql;

import java.time.Instant;
import java.util.List;

/**
 * A MySQL or MariaDB table's definition as recorded in the manifest's {@code table.schema}
 * (docs/FORMAT.md, "MySQL schema"). Types, defaults, generation expressions and CHECK clauses are
 * written as the server's {@code information_schema} prints them, so they replay in another
 * database unchanged.
 *
 * @param databaseName   the database the table was in
 * @param tableName      the table's name
 * @param engine         its storage engine ({@code InnoDB})
 * @param tableCollation the table's default collation (its default character set follows from it)
 * @param columns        every column, in table order
 * @param primaryKey     the primary key, or null if the table has none
 * @param uniqueKeys     unique keys other than the primary key, by name
 * @param indexes        non-unique indexes, by name
 * @param checks         CHECK constraints, by name; column-level ones (as MariaDB records JSON's) too
 * @param autoIncrement  the AUTO_INCREMENT counter's next value, or null if the table has no such column
 * @param serverVersion  the server's {@code version()}, for example {@code 10.11.19-MariaDB-0+deb12u1}
 * @param snapshot       the consistent snapshot the backup was read in
 */
public record MySqlSchema(
        String databaseName,
        String tableName,
        String engine,
        String tableCollation,
        List<Column> columns,
        Index primaryKey,
        List<Index> uniqueKeys,
        List<Index> indexes,
        List<Check> checks,
        Long autoIncrement,
        String serverVersion,
        Snapshot snapshot) {

    public MySqlSchema {
        columns = List.copyOf(columns);
        uniqueKeys = List.copyOf(uniqueKeys);
        indexes = List.copyOf(indexes);
        checks = List.copyOf(checks);
    }

    /** The columns a data-object line holds: every column but generated ones, in table order. */
    public List<String> dataColumns() {
        return dataColumnDefinitions().stream().map(Column::name).toList();
    }

    /** The definitions of {@link #dataColumns()}, in the same order. */
    public List<Column> dataColumnDefinitions() {
        return columns.stream().filter(c -> c.generated() == null).toList();
    }

    /** The columns that identify a row: the primary key's, or every data column if there is none. */
    public List<String> keyColumns() {
        return primaryKey != null ? primaryKey.columns().stream().map(IndexColumn::name).toList() : dataColumns();
    }

    /** The same definition under another database and table name. */
    public MySqlSchema renamed(String database, String table) {
        return new MySqlSchema(database, table, engine, tableCollation, columns, primaryKey, uniqueKeys, indexes,
                checks, autoIncrement, serverVersion, snapshot);
    }

    /**
     * @param name          the column's name
     * @param type          its type as {@code COLUMN_TYPE} prints it, for example {@code decimal(65,30)},
     *                      {@code bigint(20) unsigned} or {@code enum('a','b')}
     * @param dataType      its {@code DATA_TYPE}, lower case ({@code decimal}, {@code bigint}, {@code enum})
     * @param characterSet  the character set of a text column, else null
     * @param collation     the collation of a text column, else null
     * @param notNull       whether it is NOT NULL
     * @param defaultValue  its default as MariaDB's {@code COLUMN_DEFAULT} prints it: a quoted literal
     *                      ({@code 'new'}), a number, {@code NULL}, or an expression ({@code current_timestamp(6)});
     *                      null when the column has no default
     * @param extra         {@code auto_increment} and {@code on update ...} as {@code EXTRA} prints them, else empty
     * @param generated     {@code VIRTUAL} or {@code STORED} for a generated column, else null
     * @param expression    a generated column's expression, else null
     * @param comment       the column's comment, empty for none
     */
    public record Column(String name, String type, String dataType, String characterSet, String collation,
            boolean notNull, String defaultValue, String extra, String generated, String expression, String comment) {
    }

    /**
     * @param name    the index's name ({@code PRIMARY} for the primary key)
     * @param unique  whether it is unique
     * @param type    {@code BTREE}, {@code HASH}, {@code FULLTEXT} or {@code SPATIAL}
     * @param columns its key parts, in order
     */
    public record Index(String name, boolean unique, String type, List<IndexColumn> columns) {
        public Index {
            columns = List.copyOf(columns);
        }
    }

    /**
     * @param name       the column
     * @param prefix     the prefix length of a prefix key part, else null
     * @param descending whether the key part sorts descending
     */
    public record IndexColumn(String name, Integer prefix, boolean descending) {
    }

    /**
     * @param name   the constraint's name
     * @param level  {@code Column} for a constraint written on a column (MariaDB), else {@code Table}
     * @param clause the condition as {@code CHECK_CLAUSE} prints it, for example {@code json_valid(`doc`)}
     */
    public record Check(String name, String level, String clause) {
    }

    /**
     * @param takenAt        the server's clock when the snapshot was opened
     * @param id             the snapshot's identifier in the process that held it, meaningful only while the backup ran
     * @param readers        how many connections read inside it
     * @param globalReadLock whether a global read lock was held while they opened it (true whenever readers &gt; 1)
     * @param binlogFile     the binary log file at the snapshot, or null if the server writes none
     * @param binlogPosition the position in that file, or null
     * @param gtid           the GTID position or executed set at the snapshot, or null
     * @param rangeColumn    the integer primary-key column the scan splits into ranges, or null (one segment)
     * @param rangeLow       its smallest value in the snapshot, or null if the table was empty
     * @param rangeHigh      its largest value in the snapshot, or null if the table was empty
     */
    public record Snapshot(Instant takenAt, String id, int readers, boolean globalReadLock, String binlogFile,
            Long binlogPosition, String gtid, String rangeColumn, String rangeLow, String rangeHigh) {
    }
}
