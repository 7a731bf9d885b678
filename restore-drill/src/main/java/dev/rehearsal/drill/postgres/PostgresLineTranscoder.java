package dev.rehearsal.drill.postgres;

import dev.rehearsal.core.source.postgres.PostgresCopyText;
import dev.rehearsal.core.source.postgres.PostgresRowJson;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a row line of a data object (docs/FORMAT.md, "PostgreSQL") straight into a row of COPY
 * text, byte for byte, without making strings of its values: the restore's load spends most of its
 * own CPU here, on two cores shared with the server.
 *
 * <p>The fast path takes lines as Rehearsal writes them: the table's columns in table order, no
 * white space, string or null values, well-formed UTF-8. Any other line, valid or not, goes the
 * general way ({@link PostgresRowJson#values} then {@link PostgresCopyText#encode}), which accepts
 * every valid line and names what is wrong with an invalid one; both ways give the same bytes.
 * Not thread-safe: one instance per thread.
 */
final class PostgresLineTranscoder {

    private final List<String> columns;
    /** Each column's {@code "name":} as a JSON writer writes it, the first with the opening brace, the others with a comma. */
    private final byte[][] prefixes;
    private byte[] buf = new byte[1024];
    private int len;
    private long generalLines;

    PostgresLineTranscoder(List<String> columns) {
        this.columns = columns;
        this.prefixes = new byte[columns.size()][];
        for (int c = 0; c < prefixes.length; c++) {
            // {"name":null} as the line writer writes it, less the value and the closing brace.
            byte[] one = PostgresRowJson.line(List.of(columns.get(c)), new String[] {null});
            prefixes[c] = Arrays.copyOf(one, one.length - "null}".length());
            prefixes[c][0] = (byte) (c == 0 ? '{' : ',');
        }
    }

    /**
     * The row of {@code line} as COPY text, newline included, valid until the next call; its length
     * is {@link #length()}.
     *
     * @throws IllegalArgumentException naming the problem, if the line is not a row of these columns
     */
    byte[] copyRow(byte[] line) {
        len = 0;
        if (!fast(line)) {
            generalLines++;
            len = 0;
            ByteArrayOutputStream out = new ByteArrayOutputStream(line.length + 16);
            PostgresCopyText.encode(PostgresRowJson.values(columns, line), out);
            byte[] row = out.toByteArray();
            ensure(row.length);
            System.arraycopy(row, 0, buf, 0, row.length);
            len = row.length;
        }
        return buf;
    }

    int length() {
        return len;
    }

    /** How many lines went the general way; for tests. */
    long generalLines() {
        return generalLines;
    }

    /** Transcodes a line of the usual shape; false, with nothing promised about the buffer, for any other line. */
    private boolean fast(byte[] line) {
        int i = 0;
        int n = line.length;
        for (int c = 0; c < prefixes.length; c++) {
            byte[] p = prefixes[c];
            if (n - i < p.length || !Arrays.equals(line, i, i + p.length, p, 0, p.length)) {
                return false;
            }
            i += p.length;
            if (c > 0) {
                put((byte) '\t');
            }
            if (i + 4 <= n && line[i] == 'n' && line[i + 1] == 'u' && line[i + 2] == 'l' && line[i + 3] == 'l') {
                put((byte) '\\');
                put((byte) 'N');
                i += 4;
                continue;
            }
            if (i >= n || line[i] != '"') {
                return false;
            }
            i = string(line, i + 1);
            if (i < 0) {
                return false;
            }
        }
        if (prefixes.length == 0 ? !(n == 2 && line[0] == '{' && line[1] == '}') : !(i == n - 1 && line[i] == '}')) {
            return false;
        }
        put((byte) '\n');
        return true;
    }

    /**
     * Copies the JSON string starting at {@code i} (after its opening quote) as a COPY field; returns
     * the index after its closing quote, or -1 for anything the fast path leaves to the general one.
     */
    private int string(byte[] line, int i) {
        int n = line.length;
        while (i < n) {
            int b = line[i] & 0xff;
            if (b == '"') {
                return i + 1;
            }
            if (b < 0x20) {
                return -1; // not valid JSON: the general path says so
            }
            if (b == '\\') {
                if (i + 1 >= n) {
                    return -1;
                }
                byte e = line[i + 1];
                switch (e) {
                    case '"' -> put((byte) '"');
                    case '/' -> put((byte) '/');
                    case '\\' -> escaped('\\');
                    case 'n' -> escaped('n');
                    case 'r' -> escaped('r');
                    case 't' -> escaped('t');
                    case 'b' -> put((byte) 0x08);
                    case 'f' -> put((byte) 0x0c);
                    case 'u' -> {
                        int cp = hex4(line, i + 2);
                        i += 6;
                        if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) {
                            return -1;
                        }
                        if (cp >= 0xD800 && cp <= 0xDBFF) {
                            int low = i + 1 < n && line[i] == '\\' && line[i + 1] == 'u' ? hex4(line, i + 2) : -1;
                            if (low < 0xDC00 || low > 0xDFFF) {
                                return -1; // a lone surrogate: the general path decides what it is
                            }
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                            i += 6;
                        }
                        codePoint(cp);
                        continue;
                    }
                    default -> {
                        return -1;
                    }
                }
                i += 2;
                continue;
            }
            if (b < 0x80) {
                put((byte) b);
                i++;
                continue;
            }
            int end = utf8(line, i);
            if (end < 0) {
                return -1;
            }
            ensure(end - i);
            System.arraycopy(line, i, buf, len, end - i);
            len += end - i;
            i = end;
        }
        return -1;
    }

    /** The end of the well-formed UTF-8 sequence starting at {@code i} (RFC 3629), or -1. */
    private static int utf8(byte[] s, int i) {
        int b = s[i] & 0xff;
        int more;
        int min;
        int max = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            more = 1;
            min = 0x80;
        } else if (b >= 0xE0 && b <= 0xEF) {
            more = 2;
            min = b == 0xE0 ? 0xA0 : 0x80;
            max = b == 0xED ? 0x9F : 0xBF; // no surrogates
        } else if (b >= 0xF0 && b <= 0xF4) {
            more = 3;
            min = b == 0xF0 ? 0x90 : 0x80;
            max = b == 0xF4 ? 0x8F : 0xBF;
        } else {
            return -1;
        }
        if (i + more >= s.length) {
            return -1;
        }
        int second = s[i + 1] & 0xff;
        if (second < min || second > max) {
            return -1;
        }
        for (int k = 2; k <= more; k++) {
            int cont = s[i + k] & 0xff;
            if (cont < 0x80 || cont > 0xBF) {
                return -1;
            }
        }
        return i + more + 1;
    }

    private static int hex4(byte[] s, int i) {
        if (i + 4 > s.length) {
            return -1;
        }
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(s[i + k], 16);
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }

    /** A code point from a {@code \\u} escape, as COPY text: UTF-8, with COPY's own escapes where it needs them. */
    private void codePoint(int cp) {
        switch (cp) {
            case '\\' -> escaped('\\');
            case '\n' -> escaped('n');
            case '\r' -> escaped('r');
            case '\t' -> escaped('t');
            default -> {
                if (cp < 0x80) {
                    put((byte) cp);
                } else if (cp < 0x800) {
                    put((byte) (0xC0 | cp >> 6));
                    put((byte) (0x80 | cp & 0x3F));
                } else if (cp < 0x10000) {
                    put((byte) (0xE0 | cp >> 12));
                    put((byte) (0x80 | cp >> 6 & 0x3F));
                    put((byte) (0x80 | cp & 0x3F));
                } else {
                    put((byte) (0xF0 | cp >> 18));
                    put((byte) (0x80 | cp >> 12 & 0x3F));
                    put((byte) (0x80 | cp >> 6 & 0x3F));
                    put((byte) (0x80 | cp & 0x3F));
                }
            }
        }
    }

    private void escaped(char c) {
        put((byte) '\\');
        put((byte) c);
    }

    private void put(byte b) {
        if (len == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[len++] = b;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
