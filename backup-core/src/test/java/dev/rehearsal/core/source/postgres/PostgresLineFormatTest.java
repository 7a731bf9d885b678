package dev.rehearsal.core.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PostgreSQL line format and canonical encoding as docs/FORMAT.md, "PostgreSQL", specifies them. */
class PostgresLineFormatTest {

    @Test
    void canonicalEncodingOfTheDocumentedExample() {
        byte[] encoding = new PostgresCanonical(List.of("id", "note")).encode(new String[] {"7", null});
        assertThat(HexFormat.of().formatHex(encoding))
                .isEqualTo("52" + "00000002" + "00000002" + "6964" + "54" + "00000001" + "37" + "00000004" + "6e6f7465" + "7a");
    }

    @Test
    void canonicalEncodingDoesNotDependOnColumnOrderButOnNamesAndNulls() {
        byte[] a = new PostgresCanonical(List.of("b", "a")).encode(new String[] {"2", "1"});
        byte[] b = new PostgresCanonical(List.of("a", "b")).encode(new String[] {"1", "2"});
        assertThat(a).isEqualTo(b);
        assertThat(new PostgresCanonical(List.of("a")).encode(new String[] {null}))
                .isNotEqualTo(new PostgresCanonical(List.of("a")).encode(new String[] {"NULL"}))
                .isNotEqualTo(new PostgresCanonical(List.of("a")).encode(new String[] {""}));
    }

    @Test
    void lineIsAnObjectOfTextValuesInColumnOrder() {
        List<String> cols = List.of("id", "note", "t");
        byte[] line = PostgresRowJson.line(cols, new String[] {"1", null, "tab\there ∑ \u0001"});
        assertThat(new String(line, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"1\",\"note\":null,\"t\":\"tab\\there ∑ \\u0001\"}");
        assertThat(PostgresRowJson.values(cols, line)).containsExactly("1", null, "tab\there ∑ \u0001");
        assertThatThrownBy(() -> PostgresRowJson.values(cols, "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("1 columns");
        assertThatThrownBy(() -> PostgresRowJson.values(cols, "{\"id\":1,\"note\":null,\"t\":\"\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("strings or null");
    }

    @Test
    void copyTextRoundTripsEveryByteThatNeedsEscaping() {
        String[] values = {"a\\b\tc\nd\re", null, "", "\\N", "😀"};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PostgresCopyText.encode(values, out);
        assertThat(PostgresCopyText.decode(out.toByteArray(), values.length)).containsExactly(values);
    }

    @Test
    void hashOfACopyRowIsTheHashOfItsDecodedValues() {
        List<String> cols = List.of("z", "a", "m");
        PostgresCanonical canonical = new PostgresCanonical(cols);
        for (String row : List.of("1\t\\N\tx\n", "\\N\t\\N\t\\N", "\t\t", "a\\tb\\nc\\\\d\\re\\bf\\fg\\vh\tünï 😀\t\\101\\x41\\q")) {
            byte[] bytes = row.getBytes(StandardCharsets.UTF_8);
            assertThat(canonical.hashCopyRow(bytes)).as(row)
                    .isEqualTo(canonical.hash(PostgresCopyText.decode(bytes, cols.size())));
        }
        assertThatThrownBy(() -> canonical.hashCopyRow("1\t2".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("2 fields, expected 3");
        assertThatThrownBy(() -> canonical.hashCopyRow("1\t2\t3\t4".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("more than 3");
    }
}
