package dev.rehearsal.core.source.mysql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * The text form of each column's values (docs/FORMAT.md, "MySQL text values"): how a backup
 * selects and reads it, and how a restore writes it back as a SQL literal. Every type the engine
 * offers a user falls into one of a few forms; a type outside them, or text in a character set that
 * does not convert to Unicode and back exactly, is refused at backup time naming the column.
 */
public final class MySqlValues {

    private static final HexFormat HEX = HexFormat.of();
    private static final Set<String> TEXT_TYPES = Set.of("char", "varchar", "tinytext", "text", "mediumtext",
            "longtext", "enum", "set", "json");
    private static final Set<String> BINARY_TYPES = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob",
            "longblob");
    private static final Set<String> SERVER_TEXT_TYPES = Set.of("tinyint", "smallint", "mediumint", "int", "bigint",
            "decimal", "double", "date", "datetime", "timestamp", "time", "year", "inet4", "inet6", "uuid");
    /** Character sets whose every character has a Unicode code point and converts back to the same bytes. */
    private static final Set<String> EXACT_CHARSETS = Set.of("utf8mb4", "utf8mb3", "utf8", "latin1", "ascii", "binary");

    /** How one column's values are selected, read and written back. */
    public enum Form {
        /** Characters, read as Unicode text; the column's own character set is converted on the wire. */
        TEXT,
        /** Bytes, written as lowercase hexadecimal, two digits a byte. */
        BINARY,
        /** A BIT(n) value as an unsigned decimal integer. */
        BIT,
        /** A FLOAT widened to DOUBLE exactly, printed as the server prints a DOUBLE. */
        FLOAT,
        /** What {@code CAST(column AS CHAR)} prints: numbers, dates and times, YEAR, inet and uuid. */
        SERVER_TEXT
    }

    private MySqlValues() {
    }

    /** The form of {@code column}'s values; throws {@link IllegalArgumentException} naming it if it has none. */
    public static Form form(MySqlSchema.Column column) {
        String type = column.dataType().toLowerCase(Locale.ROOT);
        if (TEXT_TYPES.contains(type)) {
            String charset = column.characterSet();
            if ("binary".equals(charset)) {
                return Form.BINARY;
            }
            if (charset != null && !EXACT_CHARSETS.contains(charset.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("column `" + column.name() + "` (" + column.type() + ") is in character"
                        + " set " + charset + ", whose text Rehearsal cannot carry exactly; supported are utf8mb4,"
                        + " utf8mb3, latin1 and ascii");
            }
            return Form.TEXT;
        }
        if (BINARY_TYPES.contains(type)) {
            return Form.BINARY;
        }
        if (type.equals("bit")) {
            return Form.BIT;
        }
        if (type.equals("float")) {
            return Form.FLOAT;
        }
        if (SERVER_TEXT_TYPES.contains(type)) {
            return Form.SERVER_TEXT;
        }
        throw new IllegalArgumentException("column `" + column.name() + "` has type " + column.type()
                + ", which Rehearsal cannot back up and restore exactly (spatial and other types are refused,"
                + " never changed)");
    }

    /** The select-list expression that reads {@code column} in its form. */
    public static String select(MySqlSchema.Column column) {
        String q = MySqlTableName.quote(column.name());
        return switch (form(column)) {
            case TEXT, BINARY -> q;
            case BIT -> "CAST(" + q + " + 0 AS CHAR)";
            case FLOAT -> "CAST(CAST(" + q + " AS DOUBLE) AS CHAR)";
            case SERVER_TEXT -> "CAST(" + q + " AS CHAR)";
        };
    }

    /** Reads the value of result column {@code index} (1-based), selected with {@link #select}, as its text form. */
    public static String read(ResultSet rs, int index, Form form) throws SQLException {
        if (form == Form.BINARY) {
            byte[] b = rs.getBytes(index);
            return b == null ? null : HEX.formatHex(b);
        }
        return rs.getString(index);
    }

    /**
     * Appends {@code value}, in {@code form}'s text form, as a SQL literal that stores exactly that
     * value in a column of that form. Throws {@link IllegalArgumentException} if the text is not of the form.
     */
    public static void appendLiteral(StringBuilder sql, String value, Form form) {
        if (value == null) {
            sql.append("NULL");
            return;
        }
        switch (form) {
            case BINARY -> {
                if (value.length() % 2 != 0 || !isHex(value)) {
                    throw new IllegalArgumentException("a binary value must be an even number of lowercase hex digits");
                }
                sql.append("X'").append(value).append('\'');
            }
            case BIT -> {
                if (value.isEmpty() || !value.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                    throw new IllegalArgumentException("a BIT value must be an unsigned decimal integer, was '" + value + "'");
                }
                sql.append(value);
            }
            default -> {
                sql.append("_utf8mb4'");
                MySqlTableName.appendEscaped(sql, value);
                sql.append('\'');
            }
        }
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (!(ch >= '0' && ch <= '9') && !(ch >= 'a' && ch <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
