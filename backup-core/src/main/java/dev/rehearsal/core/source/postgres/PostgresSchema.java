package dev.rehearsal.core.source.postgres;

import java.time.Instant;
import java.util.List;

/**
 * A PostgreSQL table's definition as recorded in the manifest's {@code table.schema}
 * (docs/FORMAT.md, "PostgreSQL schema"). Types, defaults and constraint definitions are written
 * as PostgreSQL prints them with the table's own schema (and those of its enum types) on the
 * search path, so they read unqualified and can be replayed in another schema.
 *
 * @param schemaName        the schema the table was in
 * @param tableName         the table's name
 * @param columns           every column, in table order
 * @param primaryKey        the primary key constraint, or null if the table has none
 * @param uniqueConstraints unique constraints, by name
 * @param checkConstraints  check constraints, by name
 * @param indexes           indexes that back no constraint, by name
 * @param enumTypes         enum types the columns use (directly or as array elements)
 * @param snapshot          the snapshot the backup was read in
 * @param serverVersion     the server's {@code server_version}
 */
public record PostgresSchema(
        String schemaName,
        String tableName,
        List<Column> columns,
        Constraint primaryKey,
        List<Constraint> uniqueConstraints,
        List<Constraint> checkConstraints,
        List<Index> indexes,
        List<EnumType> enumTypes,
        Snapshot snapshot,
        String serverVersion) {

    public PostgresSchema {
        columns = List.copyOf(columns);
        uniqueConstraints = List.copyOf(uniqueConstraints);
        checkConstraints = List.copyOf(checkConstraints);
        indexes = List.copyOf(indexes);
        enumTypes = List.copyOf(enumTypes);
    }

    /** The columns a data-object line holds: every column but generated ones, in table order. */
    public List<String> dataColumns() {
        return columns.stream().filter(c -> c.generated() == null).map(Column::name).toList();
    }

    /** The columns that identify a row: the primary key's, or every data column if there is none. */
    public List<String> keyColumns() {
        return primaryKey != null ? primaryKey.columns() : dataColumns();
    }

    /**
     * @param name       the column's name
     * @param type       its type as {@code format_type} prints it, for example {@code numeric(12,2)} or {@code mood[]}
     * @param notNull    whether it is NOT NULL
     * @param defaultExpression its default expression, or null
     * @param identity   {@code ALWAYS} or {@code BY DEFAULT} for an identity column, else null
     * @param generated  the expression of a stored generated column, else null
     */
    public record Column(String name, String type, boolean notNull, String defaultExpression, String identity,
            String generated) {
    }

    /**
     * @param name       the constraint's name
     * @param definition as {@code pg_get_constraintdef} prints it, for example {@code PRIMARY KEY (id)}
     * @param columns    the columns it covers, in order (empty for a check constraint)
     */
    public record Constraint(String name, String definition, List<String> columns) {
        public Constraint {
            columns = List.copyOf(columns);
        }
    }

    /**
     * @param name       the index's name
     * @param unique     whether it is unique
     * @param method     what follows {@code USING} in its definition: access method, keys, INCLUDE, WHERE
     * @param definition the whole {@code pg_get_indexdef}, for people
     */
    public record Index(String name, boolean unique, String method, String definition) {
    }

    /** An enum type: its schema, name and labels in sort order. */
    public record EnumType(String schema, String name, List<String> labels) {
        public EnumType {
            labels = List.copyOf(labels);
        }
    }

    /**
     * @param takenAt the server's clock when the snapshot was taken
     * @param id      the exported snapshot's identifier, valid only while the backup ran
     * @param blocks  the table's size in pages at that time; the scan splits {@code [0, blocks)} into ctid ranges
     */
    public record Snapshot(Instant takenAt, String id, long blocks) {
    }
}
