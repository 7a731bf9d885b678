package dev.rehearsal.core.source.postgres;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * PostgreSQL's COPY text format, one row at a time: fields separated by a tab, {@code \N} for
 * NULL, and backslash escapes for backslash, tab, newline, carriage return, backspace, form feed
 * and vertical tab. Rows are decoded to, and encoded from, the values' text forms.
 */
public final class PostgresCopyText {

    private PostgresCopyText() {
    }

    /**
     * Decodes one row as the server sends it (its newline included or not) into {@code columns}
     * values, null for NULL. Throws {@link IllegalArgumentException} if the field count differs.
     */
    public static String[] decode(byte[] row, int columns) {
        String[] values = new String[columns];
        int end = row.length;
        if (end > 0 && row[end - 1] == '\n') {
            end--;
        }
        ByteArrayOutputStream field = new ByteArrayOutputStream(64);
        int column = 0;
        int i = 0;
        boolean nullField = false;
        while (true) {
            if (i == end || row[i] == '\t') {
                if (column >= columns) {
                    throw new IllegalArgumentException("COPY row has more than " + columns + " fields");
                }
                values[column++] = nullField ? null : field.toString(StandardCharsets.UTF_8);
                field.reset();
                nullField = false;
                if (i == end) {
                    break;
                }
                i++;
                continue;
            }
            byte b = row[i];
            if (b == '\\' && i + 1 < end) {
                byte e = row[i + 1];
                i += 2;
                switch (e) {
                    case 'N' -> nullField = true;
                    case 'b' -> field.write('\b');
                    case 'f' -> field.write('\f');
                    case 'n' -> field.write('\n');
                    case 'r' -> field.write('\r');
                    case 't' -> field.write('\t');
                    case 'v' -> field.write(0x0b);
                    case 'x' -> {
                        int v = 0;
                        int n = 0;
                        while (n < 2 && i < end && Character.digit(row[i], 16) >= 0) {
                            v = v * 16 + Character.digit(row[i++], 16);
                            n++;
                        }
                        field.write(n == 0 ? 'x' : v);
                    }
                    default -> {
                        if (e >= '0' && e <= '7') {
                            int v = e - '0';
                            int n = 1;
                            while (n < 3 && i < end && row[i] >= '0' && row[i] <= '7') {
                                v = v * 8 + (row[i++] - '0');
                                n++;
                            }
                            field.write(v);
                        } else {
                            field.write(e);
                        }
                    }
                }
                continue;
            }
            field.write(b);
            i++;
        }
        if (column != columns) {
            throw new IllegalArgumentException("COPY row has " + column + " fields, expected " + columns);
        }
        return values;
    }

    /** Encodes one row, newline included, for {@code COPY ... FROM STDIN} in text format. */
    public static void encode(String[] values, ByteArrayOutputStream out) {
        for (int c = 0; c < values.length; c++) {
            if (c > 0) {
                out.write('\t');
            }
            String v = values[c];
            if (v == null) {
                out.write('\\');
                out.write('N');
                continue;
            }
            byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
            for (byte b : bytes) {
                switch (b) {
                    case '\\' -> { out.write('\\'); out.write('\\'); }
                    case '\t' -> { out.write('\\'); out.write('t'); }
                    case '\n' -> { out.write('\\'); out.write('n'); }
                    case '\r' -> { out.write('\\'); out.write('r'); }
                    default -> out.write(b);
                }
            }
        }
        out.write('\n');
    }
}
