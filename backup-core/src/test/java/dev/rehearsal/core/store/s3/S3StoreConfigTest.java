package dev.rehearsal.core.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class S3StoreConfigTest {

    @Test
    void slashesAroundThePrefixAreDroppedAndTheNameShowsIt() {
        assertThat(S3StoreConfig.of("bkt", "/backups/prod/", Region.EU_WEST_1).prefix()).isEqualTo("backups/prod");
        assertThat(S3StoreConfig.of("bkt", "/backups/prod/", Region.EU_WEST_1).storeName()).isEqualTo("s3://bkt/backups/prod");
        assertThat(S3StoreConfig.of("bkt", null, Region.EU_WEST_1).storeName()).isEqualTo("s3://bkt");
        assertThat(S3StoreConfig.of("bkt", "/", Region.EU_WEST_1).storeName()).isEqualTo("s3://bkt");
    }

    @Test
    void defaultsAreEightMebibytePartsAndNoExplicitEncryption() {
        S3StoreConfig config = S3StoreConfig.of("bkt", "", Region.EU_WEST_1);

        assertThat(config.partSizeBytes()).isEqualTo(8L * 1024 * 1024);
        assertThat(config.sse()).isEqualTo(ServerSideEncryption.NONE);
        assertThat(config.endpoint()).isNull();
    }

    @Test
    void aPartSizeS3WouldRefuseIsRefusedNamingTheBucket() {
        S3StoreConfig config = S3StoreConfig.of("bkt", "", Region.EU_WEST_1);

        assertThatThrownBy(() -> config.withPartSize(5L * 1024 * 1024 - 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s3://bkt").hasMessageContaining("5242879");
        assertThat(config.withPartSize(5L * 1024 * 1024).partSizeBytes()).isEqualTo(5L * 1024 * 1024);
    }

    @Test
    void aBucketNameWithASlashOrNothingIsRefused() {
        assertThatThrownBy(() -> S3StoreConfig.of("bkt/prefix", "", Region.EU_WEST_1)).hasMessageContaining("'bkt/prefix'");
        assertThatThrownBy(() -> S3StoreConfig.of(" ", "", Region.EU_WEST_1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKmsKeyGoesOnlyWithSseKms() {
        assertThat(ServerSideEncryption.kms("alias/backups").kmsKeyId()).isEqualTo("alias/backups");
        assertThat(ServerSideEncryption.kms(null).header().toString()).isEqualTo("aws:kms");
        assertThat(ServerSideEncryption.SSE_S3.header().toString()).isEqualTo("AES256");
        assertThat(ServerSideEncryption.NONE.header()).isNull();
        assertThatThrownBy(() -> new ServerSideEncryption(ServerSideEncryption.Mode.SSE_S3, "alias/backups"))
                .hasMessageContaining("only goes with SSE_KMS");
    }
}
