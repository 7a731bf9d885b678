package dev.rehearsal.core.store.s3;

import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.core.store.NoSuchObjectException;
import dev.rehearsal.core.store.StoreOutput;
import dev.rehearsal.core.store.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in an S3 bucket (or an S3-compatible store) under {@code <prefix>/<key>}.
 *
 * <p>A new object is buffered in memory one part at a time, in a buffer taken from the store's
 * {@link PartBufferPool}, and becomes visible only when its
 * stream is closed: an object up to one part long is sent with a single PutObject, a longer one as a
 * multipart upload that S3 shows only once it is completed. Every upload carries a Content-MD5 that
 * S3 checks before it stores the bytes.
 *
 * <p>Overwrites are refused twice: {@link #create} looks the key up first (HeadObject), so that a
 * writer fails before it sends any data; and the final PutObject or CompleteMultipartUpload is
 * conditional ({@code If-None-Match: *}). The lookup alone is only best-effort against concurrent
 * writers; the condition closes that gap on AWS S3 and on stores that support conditional writes,
 * and is ignored by stores that do not.
 *
 * <p>Every object the store writes shares the pool's budget ({@link S3StoreConfig#bufferBudgetBytes()}),
 * so a backup writing many segments at once holds no more part buffers than that: writers past it
 * wait for an object to finish.
 *
 * <p>This class does not own the {@link S3Client}; see {@link S3ClientFactory}.
 */
public final class S3BackupStore implements BackupStore {

    private final S3Client client;
    private final S3StoreConfig config;
    private final PartBufferPool buffers;

    public S3BackupStore(S3Client client, S3StoreConfig config) {
        this.client = client;
        this.config = config;
        this.buffers = new PartBufferPool(Math.toIntExact(config.partSizeBytes()), config.bufferBudgetBytes(),
                config.storeName());
    }

    /** The part buffers of every object this store writes, and their accounting. */
    public PartBufferPool buffers() {
        return buffers;
    }

    public S3StoreConfig config() {
        return config;
    }

    @Override
    public String name() {
        return config.storeName();
    }

    /**
     * Checks that the bucket exists and that our credentials may see it (HeadBucket). Whether they may
     * also write is only known at the first upload: finding out here would take a write of its own.
     */
    @Override
    public void probe() throws IOException {
        try {
            client.headBucket(r -> r.bucket(config.bucket()));
        } catch (SdkException e) {
            if (S3Failures.isNotFound(e)) {
                throw new IOException("store " + name() + ": bucket '" + config.bucket() + "' does not exist", e);
            }
            if (S3Failures.isAccessDenied(e)) {
                throw new IOException("store " + name() + ": access to bucket '" + config.bucket() + "' is denied: "
                        + S3Failures.reason(e), e);
            }
            throw S3Failures.onStore(name(), "reach bucket '" + config.bucket() + "'", e);
        }
    }

    @Override
    public StoreOutput create(String key) throws IOException {
        String objectKey = objectKey(key);
        if (exists(key, objectKey)) {
            throw new FileAlreadyExistsException("s3://" + config.bucket() + "/" + objectKey, null,
                    "object '" + key + "' already exists in store " + name());
        }
        return new S3ObjectOutput(client, config, buffers, key, objectKey);
    }

    @Override
    public InputStream open(String key) throws IOException {
        String objectKey = objectKey(key);
        ResponseInputStream<GetObjectResponse> response;
        try {
            response = client.getObject(r -> r.bucket(config.bucket()).key(objectKey));
        } catch (NoSuchKeyException e) {
            throw new NoSuchObjectException(name(), key);
        } catch (SdkException e) {
            throw S3Failures.onObject(name(), "open", key, e);
        }
        return new S3ObjectInput(response, name(), key);
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        if (prefix.startsWith("/")) {
            throw new IllegalArgumentException("invalid key prefix '" + prefix + "' for store " + name());
        }
        String storePrefix = config.prefix().isEmpty() ? "" : config.prefix() + "/";
        List<StoredObject> objects = new ArrayList<>();
        try {
            for (S3Object o : client.listObjectsV2Paginator(r -> r.bucket(config.bucket()).prefix(storePrefix + prefix)).contents()) {
                // A key ending in '/' is a "folder" made by a console or another tool, never one of ours.
                if (!o.key().endsWith("/")) {
                    objects.add(new StoredObject(o.key().substring(storePrefix.length()), o.size()));
                }
            }
        } catch (SdkException e) {
            throw S3Failures.onStore(name(), "list objects under '" + prefix + "'", e);
        }
        // S3 orders by UTF-8 bytes; sort as Java does so that every store agrees.
        objects.sort(Comparator.comparing(StoredObject::key));
        return objects;
    }

    @Override
    public void delete(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            client.deleteObject(r -> r.bucket(config.bucket()).key(objectKey));
        } catch (SdkException e) {
            throw S3Failures.onObject(name(), "delete", key, e);
        }
    }

    /** Aborts the multipart uploads under {@code prefix} that a killed writer never completed or aborted. */
    @Override
    public void removeAbandonedUploads(String prefix) throws IOException {
        if (prefix.startsWith("/")) {
            throw new IllegalArgumentException("invalid key prefix '" + prefix + "' for store " + name());
        }
        String keyPrefix = (config.prefix().isEmpty() ? "" : config.prefix() + "/") + prefix;
        try {
            for (var upload : client.listMultipartUploadsPaginator(r -> r.bucket(config.bucket()).prefix(keyPrefix))
                    .uploads()) {
                client.abortMultipartUpload(r -> r.bucket(config.bucket()).key(upload.key()).uploadId(upload.uploadId()));
            }
        } catch (SdkException e) {
            throw S3Failures.onObject(name(), "abort abandoned uploads under", prefix, e);
        }
    }

    private boolean exists(String key, String objectKey) throws IOException {
        try {
            client.headObject(r -> r.bucket(config.bucket()).key(objectKey));
            return true;
        } catch (SdkException e) {
            // A HEAD response has no body, so a missing bucket looks like a missing key here; the upload then names it.
            if (S3Failures.isNotFound(e)) {
                return false;
            }
            throw S3Failures.onObject(name(), "check for", key, e);
        }
    }

    /** The key in the bucket. Dot and empty segments are refused because a filesystem store would fold them. */
    private String objectKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.contains("\\")) {
            throw new IllegalArgumentException("invalid object key '" + key + "' for store " + name());
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("invalid object key '" + key + "' for store " + name());
            }
        }
        return config.prefix().isEmpty() ? key : config.prefix() + "/" + key;
    }
}
