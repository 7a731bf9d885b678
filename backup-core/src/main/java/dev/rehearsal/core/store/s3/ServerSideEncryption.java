package dev.rehearsal.core.store.s3;

import java.util.Objects;

/**
 * How S3 encrypts the objects Rehearsal writes. {@link #NONE} sends no header and leaves the
 * bucket's default encryption in charge; the others ask for it on every upload, so that a backup is
 * encrypted even in a bucket whose default is later changed.
 *
 * @param mode which server-side encryption to request
 * @param kmsKeyId for {@link Mode#SSE_KMS} only: a key id, ARN or alias; {@code null} means the
 *     account's AWS-managed {@code aws/s3} key
 */
public record ServerSideEncryption(Mode mode, String kmsKeyId) {

    public enum Mode { NONE, SSE_S3, SSE_KMS }

    public static final ServerSideEncryption NONE = new ServerSideEncryption(Mode.NONE, null);
    public static final ServerSideEncryption SSE_S3 = new ServerSideEncryption(Mode.SSE_S3, null);

    public ServerSideEncryption {
        Objects.requireNonNull(mode, "mode");
        if (kmsKeyId != null && mode != Mode.SSE_KMS) {
            throw new IllegalArgumentException("a KMS key id (" + kmsKeyId + ") only goes with SSE_KMS, not " + mode);
        }
        if (kmsKeyId != null && kmsKeyId.isBlank()) {
            throw new IllegalArgumentException("KMS key id is blank; leave it null to use the aws/s3 key");
        }
    }

    public static ServerSideEncryption kms(String kmsKeyId) {
        return new ServerSideEncryption(Mode.SSE_KMS, kmsKeyId);
    }

    /** The value of {@code x-amz-server-side-encryption}, or {@code null} to send none. */
    software.amazon.awssdk.services.s3.model.ServerSideEncryption header() {
        return switch (mode) {
            case NONE -> null;
            case SSE_S3 -> software.amazon.awssdk.services.s3.model.ServerSideEncryption.AES256;
            case SSE_KMS -> software.amazon.awssdk.services.s3.model.ServerSideEncryption.AWS_KMS;
        };
    }
}
