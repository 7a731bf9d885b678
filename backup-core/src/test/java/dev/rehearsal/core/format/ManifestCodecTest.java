package dev.rehearsal.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestCodecTest {

    @Test
    void refusesAnotherFormat() {
        assertThatThrownBy(() -> read("{\"format\":\"something-else\",\"formatVersion\":1}"))
                .isInstanceOf(FormatException.class).hasMessageContaining("s3://b/m.json").hasMessageContaining("something-else");
    }

    @Test
    void refusesAVersionItDoesNotKnow() {
        assertThatThrownBy(() -> read("{\"format\":\"rehearsal-backup\",\"formatVersion\":2}"))
                .isInstanceOf(FormatException.class).hasMessageContaining("formatVersion 2");
    }

    @Test
    void refusesAVersionThatIsNotTheInteger1() {
        assertThatThrownBy(() -> read("{\"format\":\"rehearsal-backup\",\"formatVersion\":\"1\"}"))
                .isInstanceOf(FormatException.class).hasMessageContaining("formatVersion \"1\"");
        assertThatThrownBy(() -> read("{\"format\":\"rehearsal-backup\",\"formatVersion\":1.7}"))
                .isInstanceOf(FormatException.class).hasMessageContaining("formatVersion 1.7");
    }

    @Test
    void refusesTruncatedJson() {
        assertThatThrownBy(() -> read("{\"format\":\"rehearsal-backup\",\"formatVers"))
                .isInstanceOf(FormatException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void refusesAManifestWithoutItsSeal() {
        assertThatThrownBy(() -> read("{\"format\":\"rehearsal-backup\",\"formatVersion\":1}"))
                .isInstanceOf(FormatException.class).hasMessageContaining("manifestSha256");
    }

    @Test
    void aSealedManifestReadsBackAndAnyEditIsCaught() throws Exception {
        Manifest m = new Manifest(Manifest.FORMAT, Manifest.VERSION, "20260101T000000.000Z-00000000",
                new Manifest.Source("src", "dynamodb", "http://localhost:8000", "us-east-1"),
                new Manifest.Table("orders", null), new Manifest.Scan("parallel-scan", 1, false, false, "note"),
                java.time.Instant.EPOCH, java.time.Instant.EPOCH, "zstd", java.util.List.of(),
                new Manifest.Totals(0, 0, 0), ContentDigest.empty(), "test", null);
        String json = new String(ManifestCodec.write(m), StandardCharsets.UTF_8);
        Manifest back = read(json);
        assertThat(back.manifestSha256()).matches("[0-9a-f]{64}").isNotEqualTo("0".repeat(64));
        assertThat(back.totals()).isEqualTo(m.totals());

        assertThatThrownBy(() -> read(json.replace("\"orders\"", "\"orderz\"")))
                .isInstanceOf(FormatException.class).hasMessageContaining("modified after it was written");
        assertThatThrownBy(() -> read(json.replace("\"manifestSha256\"", "\"other\"")))
                .isInstanceOf(FormatException.class).hasMessageContaining("no single manifestSha256");
    }

    private static Manifest read(String json) throws Exception {
        return ManifestCodec.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "s3://b/m.json");
    }
}
