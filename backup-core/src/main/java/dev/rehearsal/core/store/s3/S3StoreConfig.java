package dev.rehearsal.core.store.s3;

import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Where an {@link S3BackupStore} keeps its objects and how it reaches them.
 *
 * @param bucket the bucket, which must already exist
 * @param prefix a key prefix inside the bucket without leading or trailing '/', or "" for the bucket root
 * @param region the bucket's region (S3-compatible stores usually accept any, such as us-east-1)
 * @param endpoint an S3-compatible endpoint such as MinIO or S3Proxy, or {@code null} for AWS
 * @param pathStyleAccess address the bucket as {@code endpoint/bucket} rather than {@code bucket.endpoint};
 *     most S3-compatible stores need this
 * @param credentialsProvider where the client gets its credentials
 * @param sse server-side encryption requested on every upload
 * @param partSizeBytes objects up to this size are sent in one PutObject, larger ones in parts of this
 *     size; each open object holds one buffer of one part in memory
 * @param bufferBudgetBytes the most bytes of part buffers the store holds at once, over every object it
 *     writes (see {@link PartBufferPool}); at least one part. A writer waits for a buffer when it is taken
 */
public record S3StoreConfig(
        String bucket,
        String prefix,
        Region region,
        URI endpoint,
        boolean pathStyleAccess,
        AwsCredentialsProvider credentialsProvider,
        ServerSideEncryption sse,
        long partSizeBytes,
        long bufferBudgetBytes) {

    public static final long MIB = 1024L * 1024L;
    public static final long DEFAULT_PART_SIZE = 8 * MIB;
    /** S3 refuses parts smaller than this, except the last one. */
    public static final long MIN_PART_SIZE = 5 * MIB;
    /** A part is buffered in one byte array. */
    public static final long MAX_PART_SIZE = 1024 * MIB;
    /**
     * Two parts of the default size: with the rest of a backup this keeps a backup's heap under 48 MiB
     * after a collection (docs/BENCHMARKS.md), while two objects upload at once.
     */
    public static final long DEFAULT_BUFFER_BUDGET = 16 * MIB;

    public S3StoreConfig {
        if (bucket == null || bucket.isBlank() || bucket.contains("/")) {
            throw new IllegalArgumentException("S3 bucket name '" + bucket + "' is empty or contains '/'");
        }
        prefix = normalizePrefix(prefix);
        Objects.requireNonNull(region, "region of s3://" + bucket);
        Objects.requireNonNull(credentialsProvider, "credentialsProvider of s3://" + bucket);
        sse = sse == null ? ServerSideEncryption.NONE : sse;
        if (partSizeBytes < MIN_PART_SIZE || partSizeBytes > MAX_PART_SIZE) {
            throw new IllegalArgumentException("part size " + partSizeBytes + " for s3://" + bucket
                    + " is outside [" + MIN_PART_SIZE + ", " + MAX_PART_SIZE + "] bytes");
        }
        if (bufferBudgetBytes < partSizeBytes) {
            throw new IllegalArgumentException("buffer budget " + bufferBudgetBytes + " for s3://" + bucket
                    + " is smaller than one part of " + partSizeBytes + " bytes");
        }
    }

    /** With the default buffer budget, or one part if a part is larger. */
    public S3StoreConfig(String bucket, String prefix, Region region, URI endpoint, boolean pathStyleAccess,
            AwsCredentialsProvider credentialsProvider, ServerSideEncryption sse, long partSizeBytes) {
        this(bucket, prefix, region, endpoint, pathStyleAccess, credentialsProvider, sse, partSizeBytes,
                Math.max(DEFAULT_BUFFER_BUDGET, partSizeBytes));
    }

    /** AWS S3 with the default credential chain, no explicit encryption, 8 MiB parts and a 16 MiB buffer budget. */
    public static S3StoreConfig of(String bucket, String prefix, Region region) {
        return new S3StoreConfig(bucket, prefix, region, null, false, DefaultCredentialsProvider.builder().build(),
                ServerSideEncryption.NONE, DEFAULT_PART_SIZE);
    }

    public S3StoreConfig withEndpoint(URI newEndpoint, boolean newPathStyleAccess) {
        return new S3StoreConfig(bucket, prefix, region, newEndpoint, newPathStyleAccess, credentialsProvider, sse, partSizeBytes, bufferBudgetBytes);
    }

    public S3StoreConfig withCredentials(AwsCredentialsProvider newCredentialsProvider) {
        return new S3StoreConfig(bucket, prefix, region, endpoint, pathStyleAccess, newCredentialsProvider, sse, partSizeBytes, bufferBudgetBytes);
    }

    public S3StoreConfig withEncryption(ServerSideEncryption newSse) {
        return new S3StoreConfig(bucket, prefix, region, endpoint, pathStyleAccess, credentialsProvider, newSse, partSizeBytes, bufferBudgetBytes);
    }

    /** The budget stays, raised to one part if the new part is larger. */
    public S3StoreConfig withPartSize(long newPartSizeBytes) {
        return new S3StoreConfig(bucket, prefix, region, endpoint, pathStyleAccess, credentialsProvider, sse, newPartSizeBytes,
                Math.max(bufferBudgetBytes, newPartSizeBytes));
    }

    public S3StoreConfig withBufferBudget(long newBufferBudgetBytes) {
        return new S3StoreConfig(bucket, prefix, region, endpoint, pathStyleAccess, credentialsProvider, sse, partSizeBytes,
                newBufferBudgetBytes);
    }

    /** {@code s3://bucket/prefix}, or {@code s3://bucket} for the bucket root. */
    public String storeName() {
        return prefix.isEmpty() ? "s3://" + bucket : "s3://" + bucket + "/" + prefix;
    }

    private static String normalizePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
