package dev.rehearsal.core.store.s3;

import dev.rehearsal.core.store.StoreOutput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One object being written to S3. Bytes collect in a buffer of one part, taken from the store's
 * {@link PartBufferPool} at the first byte and given back when the object is stored or aborted
 * (so creating an object costs no buffer until it is written to); when a full
 * buffer is followed by more bytes it goes out as the next part of a multipart upload, so an object
 * of at most one part never starts one and is sent by {@link #close()} in a single PutObject.
 *
 * <p>If a part cannot be uploaded the whole upload is aborted at once, and a later {@code close()}
 * fails rather than report a truncated object as stored (try-with-resources calls it after the
 * failed write), unless the caller has called {@link #abort()} in between.
 */
final class S3ObjectOutput extends StoreOutput {

    private static final Logger log = LoggerFactory.getLogger(S3ObjectOutput.class);

    /** S3's limit on parts in one upload. */
    static final int MAX_PARTS = 10_000;
    private static final byte[] EMPTY = new byte[0];
    private static final String CONTENT_TYPE = "application/octet-stream";
    /** Makes the final write fail with 412 if the key appeared after {@code create} looked. */
    private static final String ONLY_IF_ABSENT = "*";

    private final S3Client client;
    private final S3StoreConfig config;
    private final PartBufferPool pool;
    private final String key;
    private final String objectKey;
    private final int partSize;
    private final List<CompletedPart> parts = new ArrayList<>();

    /** From {@link #pool} once the first byte is written, until the object is finished. */
    private byte[] buffer;
    private int buffered;
    private String uploadId;
    private boolean finished;
    private IOException failure;

    S3ObjectOutput(S3Client client, S3StoreConfig config, PartBufferPool pool, String key, String objectKey) {
        this.client = client;
        this.config = config;
        this.pool = pool;
        this.key = key;
        this.objectKey = objectKey;
        this.partSize = Math.toIntExact(config.partSizeBytes());
    }

    @Override
    public void write(int b) throws IOException {
        requireWritable();
        if (buffered == partSize) {
            sendFullBuffer();
        }
        ensureBuffer();
        buffer[buffered++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        requireWritable();
        while (len > 0) {
            if (buffered == partSize) {
                sendFullBuffer();
            }
            int n = Math.min(len, partSize - buffered);
            ensureBuffer();
            System.arraycopy(b, off, buffer, buffered, n);
            buffered += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void close() throws IOException {
        if (finished) {
            if (failure != null) {
                throw new IOException("object '" + key + "' was not stored in store " + config.storeName()
                        + ": an earlier write failed", failure);
            }
            return;
        }
        finished = true;
        try {
            if (uploadId == null) {
                putWhole();
            } else {
                uploadPart();
                complete();
            }
        } catch (RuntimeException e) {
            abortUpload();
            if (!(e instanceof SdkException sdk)) {
                throw e;
            }
            if (S3Failures.isPreconditionFailed(sdk)) {
                throw new FileAlreadyExistsException("s3://" + config.bucket() + "/" + objectKey, null,
                        "object '" + key + "' was created by someone else in store " + config.storeName());
            }
            throw S3Failures.onObject(config.storeName(), "store", key, sdk);
        } finally {
            releaseBuffer();
        }
    }

    @Override
    public void abort() {
        // A caller who aborts after a failed write has taken note of it; close() then does nothing.
        failure = null;
        if (finished) {
            return;
        }
        finished = true;
        releaseBuffer();
        abortUpload();
    }

    private void sendFullBuffer() throws IOException {
        // The part after this one is still to come, and it needs a number too.
        if (parts.size() + 2 > MAX_PARTS) {
            throw fail(new IOException("object '" + key + "' in store " + config.storeName() + " needs more than "
                    + MAX_PARTS + " parts of " + partSize + " bytes; raise the part size"));
        }
        String action = "start the multipart upload of";
        try {
            if (uploadId == null) {
                uploadId = client.createMultipartUpload(r -> r.bucket(config.bucket()).key(objectKey)
                        .contentType(CONTENT_TYPE)
                        .serverSideEncryption(config.sse().header())
                        .ssekmsKeyId(config.sse().kmsKeyId())).uploadId();
            }
            action = "upload part " + (parts.size() + 1) + " of";
            uploadPart();
        } catch (SdkException e) {
            throw fail(S3Failures.onObject(config.storeName(), action, key, e));
        }
    }

    /** Gives up on the object: the upload is aborted and {@link #close()} will report {@code e}. */
    private IOException fail(IOException e) {
        abort();
        failure = e;
        return e;
    }

    private void putWhole() {
        if (buffer == null) { // nothing was written: an empty object takes no buffer
            buffer = EMPTY;
        }
        client.putObject(r -> r.bucket(config.bucket()).key(objectKey)
                        .contentType(CONTENT_TYPE)
                        .contentLength((long) buffered)
                        .contentMD5(md5(buffer, buffered))
                        .ifNoneMatch(ONLY_IF_ABSENT)
                        .serverSideEncryption(config.sse().header())
                        .ssekmsKeyId(config.sse().kmsKeyId()),
                body());
    }

    private void uploadPart() {
        int partNumber = parts.size() + 1;
        String eTag = client.uploadPart(r -> r.bucket(config.bucket()).key(objectKey)
                        .uploadId(uploadId)
                        .partNumber(partNumber)
                        .contentLength((long) buffered)
                        .contentMD5(md5(buffer, buffered)),
                body()).eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
        buffered = 0;
    }

    private void complete() {
        client.completeMultipartUpload(r -> r.bucket(config.bucket()).key(objectKey)
                .uploadId(uploadId)
                .ifNoneMatch(ONLY_IF_ABSENT)
                .multipartUpload(u -> u.parts(parts)));
        uploadId = null;
    }

    /** The buffer without a copy; each retry of the request reads it again from the start. */
    private RequestBody body() {
        byte[] bytes = buffer;
        int length = buffered;
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length, CONTENT_TYPE);
    }

    private void abortUpload() {
        if (uploadId == null) {
            return;
        }
        String id = uploadId;
        uploadId = null;
        try {
            client.abortMultipartUpload(r -> r.bucket(config.bucket()).key(objectKey).uploadId(id));
        } catch (RuntimeException e) {
            // The parts stay invisible; they cost storage until a lifecycle rule for incomplete uploads removes them.
            log.warn("could not abort multipart upload {} of object '{}' in store {}: {}", id, key, config.storeName(),
                    e instanceof SdkException s ? S3Failures.reason(s) : e.toString());
        }
    }

    private void requireWritable() throws IOException {
        if (finished) {
            throw new IOException("object '" + key + "' in store " + config.storeName() + " is already "
                    + (failure != null ? "failed" : "closed or aborted"));
        }
    }

    private void ensureBuffer() throws IOException {
        if (buffer == null) {
            buffer = pool.acquire(key);
        }
    }

    private void releaseBuffer() {
        if (buffer != null && buffer != EMPTY) {
            byte[] b = buffer;
            buffer = null;
            pool.release(b);
        }
    }

    private static String md5(byte[] bytes, int length) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(bytes, 0, length);
            return Base64.getEncoder().encodeToString(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
