package dev.rehearsal.core.store.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The body of a GetObject. The SDK reports a checksum mismatch as an unchecked exception from
 * {@code read}; here it becomes an IOException that names the object. Closing before the end drops
 * the connection instead of letting the HTTP client read the rest of a large object to reuse it.
 */
final class S3ObjectInput extends FilterInputStream {

    private final ResponseInputStream<?> response;
    private final String store;
    private final String key;
    private boolean ended;

    S3ObjectInput(ResponseInputStream<?> response, String store, String key) {
        super(response);
        this.response = response;
        this.store = store;
        this.key = key;
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            ended |= b < 0;
            return b;
        } catch (SdkException e) {
            throw S3Failures.onObject(store, "read", key, e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            int n = super.read(b, off, len);
            ended |= n < 0;
            return n;
        } catch (SdkException e) {
            throw S3Failures.onObject(store, "read", key, e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return super.skip(n);
        } catch (SdkException e) {
            throw S3Failures.onObject(store, "read", key, e);
        }
    }

    @Override
    public void close() throws IOException {
        if (!ended) {
            response.abort();
        }
        try {
            super.close();
        } catch (SdkException e) {
            throw S3Failures.onObject(store, "close", key, e);
        }
    }
}
