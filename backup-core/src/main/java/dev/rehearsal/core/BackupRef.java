package dev.rehearsal.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One backup's address in a store: the configured source name, the table name and the backup id.
 * Names are checked here so that no key built from them can escape its folder.
 */
public record BackupRef(String source, String table, BackupId id) {

    private static final Pattern SOURCE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,255}");

    public BackupRef {
        requireSourceName(source);
        requireTableName(table);
        Objects.requireNonNull(id, "backup id");
    }

    public static String requireSourceName(String source) {
        if (source == null || !SOURCE_NAME.matcher(source).matches()) {
            throw new IllegalArgumentException("invalid source name '" + source
                    + "': use 1-63 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
        }
        return source;
    }

    public static String requireTableName(String table) {
        if (table == null || !TABLE_NAME.matcher(table).matches() || table.equals(".") || table.equals("..")) {
            throw new IllegalArgumentException("invalid table name '" + table
                    + "': use 1-255 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
        }
        return table;
    }

    @Override
    public String toString() {
        return source + "/" + table + "/" + id;
    }
}
