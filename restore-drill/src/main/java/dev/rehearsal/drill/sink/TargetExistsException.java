package dev.rehearsal.drill.sink;

/** A restore was aimed at a table that already exists; Rehearsal never writes into one. */
public class TargetExistsException extends IllegalStateException {

    public TargetExistsException(String table, String where) {
        super("table '" + table + "' already exists in " + where + "; a restore never writes into an existing table");
    }
}
