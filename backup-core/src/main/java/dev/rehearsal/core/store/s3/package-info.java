/**
 * Amazon S3, and S3-compatible stores such as MinIO or S3Proxy, as a backup store through the AWS
 * SDK for Java v2: {@link dev.rehearsal.core.store.s3.S3BackupStore} over a client built by
 * {@link dev.rehearsal.core.store.s3.S3ClientFactory} from an
 * {@link dev.rehearsal.core.store.s3.S3StoreConfig}.
 *
 * <p>Retries beyond the SDK's own per request, rate limits and metrics are not here; they wrap a
 * store from outside.
 */
package dev.rehearsal.core.store.s3;
