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

    /**
     * One row's fields as bytes, unescaped as {@link #decode} unescapes them, in one buffer reused
     * from row to row. Not thread-safe.
     */
    public static final class Fields {
        private byte[] buf = new byte[512];
        private int[] starts = new int[16];
        private int[] ends = new int[16];
        private boolean[] nulls = new boolean[16];

        /** Splits {@code row} into {@code columns} fields; throws {@link IllegalArgumentException} if it has another count. */
        public void split(byte[] row, int columns) {
            if (starts.length < columns) {
                starts = new int[columns];
                ends = new int[columns];
                nulls = new boolean[columns];
            }
            if (buf.length < row.length) {
                buf = new byte[Math.max(row.length, buf.length * 2)];
            }
            int end = row.length;
            if (end > 0 && row[end - 1] == '\n') {
                end--;
            }
            int len = 0;
            int column = 0;
            int i = 0;
            int start = 0;
            boolean nullField = false;
            while (true) {
                if (i == end || row[i] == '\t') {
                    if (column >= columns) {
                        throw new IllegalArgumentException("COPY row has more than " + columns + " fields");
                    }
                    starts[column] = start;
                    ends[column] = len;
                    nulls[column++] = nullField;
                    nullField = false;
                    start = len;
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
                        case 'b' -> buf[len++] = '\b';
                        case 'f' -> buf[len++] = '\f';
                        case 'n' -> buf[len++] = '\n';
                        case 'r' -> buf[len++] = '\r';
                        case 't' -> buf[len++] = '\t';
                        case 'v' -> buf[len++] = 0x0b;
                        case 'x' -> {
                            int v = 0;
                            int n = 0;
                            while (n < 2 && i < end && Character.digit(row[i], 16) >= 0) {
                                v = v * 16 + Character.digit(row[i++], 16);
                                n++;
                            }
                            buf[len++] = (byte) (n == 0 ? 'x' : v);
                        }
                        default -> {
                            if (e >= '0' && e <= '7') {
                                int v = e - '0';
                                int n = 1;
                                while (n < 3 && i < end && row[i] >= '0' && row[i] <= '7') {
                                    v = v * 8 + (row[i++] - '0');
                                    n++;
                                }
                                buf[len++] = (byte) v;
                            } else {
                                buf[len++] = e;
                            }
                        }
                    }
                    continue;
                }
                buf[len++] = b;
                i++;
            }
            if (column != columns) {
                throw new IllegalArgumentException("COPY row has " + column + " fields, expected " + columns);
            }
        }

        public byte[] bytes() {
            return buf;
        }

        public int start(int column) {
            return starts[column];
        }

        public int length(int column) {
            return ends[column] - starts[column];
        }

        public boolean isNull(int column) {
            return nulls[column];
        }
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
            // Runs of ordinary bytes are written whole: most values need no escaping at all.
            int from = 0;
            for (int i = 0; i < bytes.length; i++) {
                byte escaped = switch (bytes[i]) {
                    case '\\' -> '\\';
                    case '\t' -> 't';
                    case '\n' -> 'n';
                    case '\r' -> 'r';
                    default -> 0;
                };
                if (escaped != 0) {
                    out.write(bytes, from, i - from);
                    out.write('\\');
                    out.write(escaped);
                    from = i + 1;
                }
            }
            out.write(bytes, from, bytes.length - from);
        }
        out.write('\n');
    }
}
