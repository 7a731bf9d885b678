package dev.rehearsal.core.format;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** How data objects are compressed; the manifest records which one. */
public enum Compression {
    ZSTD("zstd", ".json.zst"),
    GZIP("gzip", ".json.gz");

    private static final int ZSTD_LEVEL = 3;

    private final String id;
    private final String extension;

    Compression(String id, String extension) {
        this.id = id;
        this.extension = extension;
    }

    public String id() {
        return id;
    }

    /** File name ending of a data object, for example {@code .json.zst}. */
    public String extension() {
        return extension;
    }

    public static Compression of(String id) {
        for (Compression c : values()) {
            if (c.id.equals(id.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression '" + id + "': expected zstd or gzip");
    }

    public OutputStream compress(OutputStream out) throws IOException {
        return switch (this) {
            case ZSTD -> new ZstdOutputStream(out, ZSTD_LEVEL);
            case GZIP -> new GZIPOutputStream(out, 64 * 1024);
        };
    }

    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case ZSTD -> new ZstdInputStream(in);
            case GZIP -> new GZIPInputStream(in, 64 * 1024);
        };
    }
}
