package dev.rehearsal.drill.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rehearsal.core.source.postgres.PostgresCopyText;
import dev.rehearsal.core.source.postgres.PostgresRowJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The transcoder's bytes are those of the general way (decode the line's values, encode them as
 * COPY text) for every line, whether it takes its fast path or not, and it refuses what the
 * general way refuses.
 */
class PostgresLineTranscoderTest {

    private static final List<String> COLUMNS = List.of("id", "na\"me", "ünï", "note");

    @Test
    void randomRowsTranscodeAsTheGeneralWayEncodesThem() {
        Random random = new Random(42);
        PostgresLineTranscoder t = new PostgresLineTranscoder(COLUMNS);
        String alphabet = "ab \\\t\n\r\b\f\u000b\u0001\u001f\"/'{},:éü名😀\u007f\u0080\u2028";
        for (int n = 0; n < 5_000; n++) {
            String[] values = new String[COLUMNS.size()];
            for (int c = 0; c < values.length; c++) {
                if (random.nextInt(6) == 0) {
                    continue;
                }
                StringBuilder v = new StringBuilder();
                for (int k = random.nextInt(12); k > 0; k--) {
                    v.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(
                            alphabet.codePointCount(0, alphabet.length())))));
                }
                values[c] = v.toString();
            }
            byte[] line = PostgresRowJson.line(COLUMNS, values);
            assertThat(transcoded(t, line)).as("row %s", Arrays.toString(values)).isEqualTo(general(line));
        }
        assertThat(t.generalLines()).as("lines as our writer writes them take the fast path").isZero();
    }

    @Test
    void linesOfAnotherShapeGiveTheSameBytes() {
        PostgresLineTranscoder t = new PostgresLineTranscoder(COLUMNS);
        for (String line : List.of(
                // columns in another order, white space, escapes no writer of ours uses
                "{\"note\":null,\"id\":\"1\",\"ünï\":\"x\",\"na\\\"me\":\"y\"}",
                "{ \"id\" : \"1\" , \"na\\\"me\" : null , \"ünï\" : \"\" , \"note\" : \"z\" }",
                "{\"id\":\"\\u0041\\u00e9\\u5341\\ud83d\\ude00\\u005c\\u0009\\u000a\",\"na\\\"me\":\"\\/\\b\\f\",\"ünï\":null,\"note\":\"a\"}",
                "{\"\\u0069d\":\"1\",\"na\\\"me\":\"2\",\"ünï\":\"3\",\"note\":\"4\"}")) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            assertThat(transcoded(t, bytes)).as(line).isEqualTo(general(bytes));
        }
        assertThat(t.generalLines()).as("all but the one with escapes in usual order").isEqualTo(3);
    }

    @Test
    void refusesWhatTheGeneralWayRefuses() {
        PostgresLineTranscoder t = new PostgresLineTranscoder(COLUMNS);
        for (String line : List.of(
                "{\"id\":\"1\",\"na\\\"me\":\"2\",\"ünï\":\"3\"}",
                "{\"id\":\"1\",\"na\\\"me\":\"2\",\"ünï\":\"3\",\"note\":\"4\",\"extra\":\"5\"}",
                "{\"id\":\"1\",\"na\\\"me\":\"2\",\"ünï\":\"3\",\"note\":4}",
                "{\"id\":\"1\",\"id\":\"2\",\"ünï\":\"3\",\"note\":\"4\"}",
                "{\"id\":\"1\",\"na\\\"me\":\"2\",\"ünï\":\"3\",\"note\":\"4\"}x",
                "{\"id\":\"1\",\"na\\\"me\":\"2\",\"ünï\":\"3\",\"note\":\"4",
                "[\"1\",\"2\",\"3\",\"4\"]",
                "")) {
            assertThatThrownBy(() -> t.copyRow(line.getBytes(StandardCharsets.UTF_8))).as(line)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aBufferIsReusedButEachRowIsWhole() {
        PostgresLineTranscoder t = new PostgresLineTranscoder(List.of("a"));
        byte[] longLine = PostgresRowJson.line(List.of("a"), new String[] {"x".repeat(5000)});
        byte[] shortLine = PostgresRowJson.line(List.of("a"), new String[] {null});
        assertThat(transcoded(t, longLine)).hasSize(5001);
        assertThat(new String(transcoded(t, shortLine), StandardCharsets.UTF_8)).isEqualTo("\\N\n");
    }

    private static byte[] transcoded(PostgresLineTranscoder t, byte[] line) {
        byte[] buf = t.copyRow(line);
        return Arrays.copyOf(buf, t.length());
    }

    private static byte[] general(byte[] line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PostgresCopyText.encode(PostgresRowJson.values(COLUMNS, line), out);
        return out.toByteArray();
    }
}
