package dev.rehearsal.bench.jmh;

import dev.rehearsal.core.BackupId;
import dev.rehearsal.core.BackupRef;
import dev.rehearsal.core.format.Compression;
import dev.rehearsal.core.format.ContentDigest;
import dev.rehearsal.core.format.DataObjectReader;
import dev.rehearsal.core.format.Manifest;
import dev.rehearsal.core.format.SegmentWriter;
import dev.rehearsal.core.source.dynamodb.DynamoDbCanonical;
import dev.rehearsal.core.source.dynamodb.DynamoDbJson;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The per-item work of a DynamoDB backup and restore, on one thread, against the floor no verified,
 * compressed backup or restore can avoid. One operation is one batch of {@link #ITEMS} items; the
 * runner ({@link PipelineCost}) turns operations a second into MiB of JSON lines a second.
 *
 * <ul>
 *   <li>{@code backupPath}: what a segment thread does for each scanned item: the JSON line
 *       ({@link DynamoDbJson#itemLine}), the canonical encoding and its SHA-256 for the content
 *       digest ({@link DynamoDbCanonical#hash}, {@link ContentDigest.Accumulator}), and the line
 *       through {@link SegmentWriter}: zstd, then the stored bytes' SHA-256, into a store that
 *       keeps nothing.</li>
 *   <li>{@code backupFloor}: zstd at the same level over the same JSON lines, and SHA-256 over
 *       them.</li>
 *   <li>{@code restorePath}: what a restore does for each line: {@link DataObjectReader} (zstd
 *       decompression, SHA-256 of the stored bytes, lines cut, counted and checked against the
 *       manifest entry), {@link DynamoDbJson#parseItemLine}, and the put request the sink sends.</li>
 *   <li>{@code restoreFloor}: zstd decompression of the same object, and SHA-256 over its bytes.</li>
 *   <li>{@code backupJsonOnly}, {@code backupCanonicalOnly}, {@code restoreParseOnly}: parts of the
 *       paths, to see where the time goes.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PipelineBenchmarks {

    static final int ITEMS = 5_000;
    private static final BackupRef REF = new BackupRef("bench", "bench-items", BackupId.at(Instant.parse("2026-12-07T00:00:00Z")));

    @Param({"orders", "payload"})
    public String kind;

    private List<Map<String, AttributeValue>> items;
    private byte[][] lines;
    private byte[] object;
    private Manifest.DataObject entry;
    private final DynamoDbCanonical canonical = new DynamoDbCanonical();
    private final DiscardingStore discard = new DiscardingStore(false);
    private final byte[] readBuffer = new byte[64 * 1024];

    @Setup
    public void setUp() throws IOException {
        items = Items.of(kind, ITEMS);
        lines = new byte[items.size()][];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = DynamoDbJson.itemLine(items.get(i));
        }
        DiscardingStore keeper = new DiscardingStore(true);
        SegmentWriter writer = new SegmentWriter(keeper, REF, 0, Compression.ZSTD, Long.MAX_VALUE);
        for (byte[] line : lines) {
            writer.write(line);
        }
        entry = writer.finish().get(0);
        object = keeper.last();
    }

    /** Bytes of JSON lines, newlines included, in one operation. */
    static long lineBytes(String kind) {
        long n = 0;
        for (Map<String, AttributeValue> item : Items.of(kind, ITEMS)) {
            n += DynamoDbJson.itemLine(item).length + 1;
        }
        return n;
    }

    @Benchmark
    public Object backupPath() throws IOException {
        SegmentWriter writer = new SegmentWriter(discard, REF, 0, Compression.ZSTD, Long.MAX_VALUE);
        ContentDigest.Accumulator digest = new ContentDigest.Accumulator();
        for (Map<String, AttributeValue> item : items) {
            writer.write(DynamoDbJson.itemLine(item));
            digest.add(canonical.hash(item));
        }
        List<Manifest.DataObject> objects = writer.finish();
        return objects.get(0).sha256() + digest.digest().sum();
    }

    @Benchmark
    public Object backupFloor() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (OutputStream zstd = new BufferedOutputStream(Compression.ZSTD.compress(OutputStream.nullOutputStream()), 64 * 1024)) {
            for (byte[] line : lines) {
                zstd.write(line);
                zstd.write('\n');
                sha.update(line);
                sha.update((byte) '\n');
            }
        }
        return sha.digest();
    }

    @Benchmark
    public void backupJsonOnly(Blackhole bh) {
        for (Map<String, AttributeValue> item : items) {
            bh.consume(DynamoDbJson.itemLine(item));
        }
    }

    @Benchmark
    public void backupCanonicalOnly(Blackhole bh) {
        for (Map<String, AttributeValue> item : items) {
            bh.consume(canonical.hash(item));
        }
    }

    @Benchmark
    public void restorePath(Blackhole bh) throws IOException {
        try (DataObjectReader reader = new DataObjectReader(new ByteArrayInputStream(object), entry, Compression.ZSTD, "bench")) {
            byte[] line;
            while ((line = reader.next()) != null) {
                Map<String, AttributeValue> item = DynamoDbJson.parseItemLine(line);
                bh.consume(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            }
        }
    }

    @Benchmark
    public Object restoreFloor() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(object);
        long n = 0;
        try (InputStream in = Compression.ZSTD.decompress(new ByteArrayInputStream(object))) {
            int r;
            while ((r = in.read(readBuffer)) >= 0) {
                n += r;
            }
        }
        return n + sha.digest()[0];
    }

    @Benchmark
    public void restoreParseOnly(Blackhole bh) {
        for (byte[] line : lines) {
            bh.consume(DynamoDbJson.parseItemLine(line));
        }
    }
}
