package dev.rehearsal.core.format;

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
    void refusesTruncatedJson() {
        assertThatThrownBy(() -> read("{\"format\":\"rehearsal-backup\",\"formatVers"))
                .isInstanceOf(FormatException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void refusesAManifestMissingRequiredFields() {
        assertThatThrownBy(() -> read("{\"format\":\"rehearsal-backup\",\"formatVersion\":1}"))
                .isInstanceOf(FormatException.class).hasMessageContaining("malformed");
    }

    private static Manifest read(String json) throws Exception {
        return ManifestCodec.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "s3://b/m.json");
    }
}
