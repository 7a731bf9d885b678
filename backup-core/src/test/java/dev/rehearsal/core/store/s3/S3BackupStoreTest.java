package dev.rehearsal.core.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.core.store.BackupStoreContract;
import dev.rehearsal.core.store.StoreOutput;
import dev.rehearsal.core.testing.S3ProxyLocal;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The store contract against a real S3Proxy, and what only S3 has: prefixes, parts, checksums, encryption. */
class S3BackupStoreTest extends BackupStoreContract {

    private static final S3ProxyLocal S3 = S3ProxyLocal.shared();
    private static final int PART = (int) S3StoreConfig.MIN_PART_SIZE;

    @Override
    protected BackupStore newStore() {
        return S3.newStore("backups/prod");
    }

    @Override
    protected BackupStore unusableStore() {
        return S3.store(S3.config("no-such-bucket", "backups"));
    }

    @Override
    protected int abandonedUploadsLeft(BackupStore store, String prefix) {
        S3StoreConfig c = ((S3BackupStore) store).config();
        return S3.client().listMultipartUploads(r -> r.bucket(c.bucket()).prefix(c.prefix() + "/" + prefix)).uploads().size();
    }

    private S3BackupStore s3Store() {
        return (S3BackupStore) store;
    }

    private String bucket() {
        return s3Store().config().bucket();
    }

    @Test
    void probeOfAMissingBucketSaysSoAndNamesTheStore() {
        BackupStore missing = S3.store(S3.config("no-such-bucket", "backups"));

        assertThatThrownBy(missing::probe)
                .isInstanceOf(IOException.class)
                .hasMessage("store s3://no-such-bucket/backups: bucket 'no-such-bucket' does not exist");
    }

    @Test
    void probeWithAWrongSecretSaysAccessIsDenied() {
        S3StoreConfig config = S3.config(bucket(), "backups")
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("rehearsal", "wrong-secret")));
        try (S3Client client = S3ClientFactory.create(config)) {
            BackupStore denied = new S3BackupStore(client, config);

            assertThatThrownBy(denied::probe)
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("store " + config.storeName() + ": access to bucket '" + bucket() + "' is denied")
                    .hasMessageContaining("403");
        }
    }

    @Test
    void objectsLiveUnderTheStorePrefixAndNothingOutsideItIsListed() throws Exception {
        write("src/orders/b1/manifest.json", bytes("{}"));
        putDirectly("backups/production/src/orders/b1/manifest.json");
        putDirectly("backups/prod-old/x");
        putDirectly("elsewhere/y");

        assertThat(bucketKeys()).contains("backups/prod/src/orders/b1/manifest.json");
        assertThat(store.list("")).extracting(o -> o.key()).containsExactly("src/orders/b1/manifest.json");
        assertThat(store.name()).isEqualTo("s3://" + bucket() + "/backups/prod");
    }

    @Test
    void aStoreAtTheBucketRootUsesKeysAsTheyAre() throws Exception {
        S3BackupStore root = S3.newStore("/");
        try (StoreOutput out = root.create("src/orders/b1/manifest.json")) {
            out.write(bytes("{}"));
        }

        assertThat(S3.client().listObjectsV2(r -> r.bucket(root.config().bucket())).contents())
                .extracting(S3Object::key).containsExactly("src/orders/b1/manifest.json");
        assertThat(root.name()).isEqualTo("s3://" + root.config().bucket());
    }

    @Test
    void aDirectoryMarkerMadeByAnotherToolIsNotListed() throws Exception {
        write("src/orders/b1/manifest.json", bytes("{}"));
        putDirectly("backups/prod/src/orders/");

        assertThat(store.list("src/")).extracting(o -> o.key()).containsExactly("src/orders/b1/manifest.json");
    }

    @Test
    void anObjectOfOnePartIsOnePutObjectAndALongerOneAMultipartUpload() throws Exception {
        RequestLog log = new RequestLog();
        try (S3Client client = S3.newClient(log)) {
            S3BackupStore recorded = new S3BackupStore(client, s3Store().config());
            write(recorded, "one-part", randomBytes(PART, 1));
            write(recorded, "two-parts", randomBytes(PART + 1, 2));
        }

        assertThat(log.operations()).containsExactly(
                "HeadObject", "PutObject",
                "HeadObject", "CreateMultipartUpload", "UploadPart", "UploadPart", "CompleteMultipartUpload");
        // S3 marks the ETag of a multipart object with the number of its parts.
        assertThat(eTag("one-part")).doesNotContain("-");
        assertThat(eTag("two-parts")).endsWith("-2\"");
        assertThat(read("two-parts")).isEqualTo(randomBytes(PART + 1, 2));
    }

    @Test
    void everyUploadCarriesTheMd5OfItsOwnBytesAndTheFinalWriteIsConditional() throws Exception {
        byte[] small = bytes("{\"manifest\":true}");
        byte[] large = randomBytes(LARGE_OBJECT_SIZE, 3);
        RequestLog log = new RequestLog();
        try (S3Client client = S3.newClient(log)) {
            S3BackupStore recorded = new S3BackupStore(client, s3Store().config());
            write(recorded, "small", small);
            write(recorded, "large", large);
        }

        assertThat(log.withOperation("PutObject")).singleElement().satisfies(r -> {
            assertThat(r.header("Content-MD5")).isEqualTo(md5(small));
            assertThat(r.header("If-None-Match")).isEqualTo("*");
        });
        assertThat(log.withOperation("UploadPart")).extracting(r -> r.header("Content-MD5")).containsExactly(
                md5(Arrays.copyOfRange(large, 0, PART)),
                md5(Arrays.copyOfRange(large, PART, 2 * PART)),
                md5(Arrays.copyOfRange(large, 2 * PART, large.length)));
        assertThat(log.withOperation("CompleteMultipartUpload")).singleElement()
                .satisfies(r -> assertThat(r.header("If-None-Match")).isEqualTo("*"));
    }

    @Test
    void aPartTheServerRejectsAbortsTheUploadAndNothingIsStored() throws Exception {
        // S3Proxy checks Content-MD5 like S3 does: a wrong one on part 2 is answered with BadDigest.
        ExecutionInterceptor corruptPartTwo = new ExecutionInterceptor() {
            @Override
            public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
                SdkHttpRequest request = context.httpRequest();
                boolean partTwo = request.firstMatchingRawQueryParameter("partNumber").filter("2"::equals).isPresent();
                return partTwo ? request.toBuilder().putHeader("Content-MD5", md5(new byte[0])).build() : request;
            }
        };
        try (S3Client client = S3.newClient(corruptPartTwo)) {
            S3BackupStore failing = new S3BackupStore(client, s3Store().config());
            StoreOutput out = failing.create("src/orders/b1/data/00000-00000.json.zst");

            assertThatThrownBy(() -> out.write(randomBytes(LARGE_OBJECT_SIZE, 4)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("part 2")
                    .hasMessageContaining("'src/orders/b1/data/00000-00000.json.zst'")
                    .hasMessageContaining(store.name())
                    .hasMessageContaining("BadDigest");
            assertThatThrownBy(out::close)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("was not stored");

            StoreOutput aborted = failing.create("src/orders/b1/data/00000-00001.json.zst");
            assertThatThrownBy(() -> aborted.write(randomBytes(LARGE_OBJECT_SIZE, 4))).isInstanceOf(IOException.class);
            aborted.abort();
            aborted.close();
        }

        assertThat(store.list("")).isEmpty();
        assertThat(pendingUploads()).isEmpty();
    }

    @Test
    void abortOfAnObjectSeveralPartsLongAbortsItsMultipartUpload() throws Exception {
        StoreOutput out = store.create("src/orders/b1/data/big");
        out.write(randomBytes(LARGE_OBJECT_SIZE, 5));
        assertThat(pendingUploads()).hasSize(1);

        out.abort();

        assertThat(pendingUploads()).isEmpty();
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void sseS3IsRequestedOnEveryUpload() throws Exception {
        RequestLog log = new RequestLog();
        try (S3Client client = S3.newClient(log)) {
            S3BackupStore encrypted = new S3BackupStore(client, s3Store().config().withEncryption(ServerSideEncryption.SSE_S3));
            write(encrypted, "small", bytes("x"));
            write(encrypted, "large", randomBytes(PART + 1, 6));
        }

        assertThat(log.withOperation("PutObject")).extracting(r -> r.header("x-amz-server-side-encryption")).containsExactly("AES256");
        assertThat(log.withOperation("CreateMultipartUpload")).extracting(r -> r.header("x-amz-server-side-encryption"))
                .containsExactly("AES256");
        for (String key : List.of("small", "large")) {
            assertThat(S3.client().headObject(r -> r.bucket(bucket()).key("backups/prod/" + key)).serverSideEncryption())
                    .as(key).isEqualTo(software.amazon.awssdk.services.s3.model.ServerSideEncryption.AES256);
        }
    }

    @Test
    void sseKmsSendsTheKeyId() throws Exception {
        RequestLog log = new RequestLog();
        try (S3Client client = S3.newClient(log)) {
            S3BackupStore encrypted = new S3BackupStore(client,
                    s3Store().config().withEncryption(ServerSideEncryption.kms("alias/rehearsal")));
            // S3Proxy has no KMS; what matters here is what we ask for.
            try (StoreOutput out = encrypted.create("small")) {
                out.write(bytes("x"));
            } catch (IOException ignored) {
                // Recorded all the same.
            }
        }

        assertThat(log.withOperation("PutObject")).singleElement().satisfies(r -> {
            assertThat(r.header("x-amz-server-side-encryption")).isEqualTo("aws:kms");
            assertThat(r.header("x-amz-server-side-encryption-aws-kms-key-id")).isEqualTo("alias/rehearsal");
        });
    }

    @Test
    void aMissingBucketFailsTheUploadOnOneLineNamingStoreAndKey() throws Exception {
        BackupStore missing = S3.store(S3.config("no-such-bucket", "backups"));
        StoreOutput out = missing.create("src/orders/b1/manifest.json");
        out.write(bytes("{}"));

        assertThatThrownBy(out::close)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("'src/orders/b1/manifest.json'")
                .hasMessageContaining("s3://no-such-bucket/backups")
                .hasMessageContaining("NoSuchBucket")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anUnreachableEndpointFailsOnOneLineNamingStoreKeyAndCause() throws Exception {
        S3StoreConfig config = S3.config(bucket(), "backups").withEndpoint(closedPort(), true);
        try (S3Client client = S3ClientFactory.create(config)) {
            BackupStore unreachable = new S3BackupStore(client, config);

            assertThatThrownBy(() -> unreachable.open("src/orders/b1/manifest.json"))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot open object 'src/orders/b1/manifest.json' in store " + config.storeName() + ": ")
                    .hasMessageContaining("refused")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void keysThatAFilesystemWouldFoldAreRefused() {
        for (String key : List.of("/a", "a//b", "a/./b", "a/../b", "a/", "")) {
            assertThatThrownBy(() -> store.create(key))
                    .as(key)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(store.name());
        }
    }

    @Test
    void manyObjectsWrittenAtOnceNeverHoldMoreBuffersThanTheBudget() throws Exception {
        S3BackupStore budgeted = S3.store(s3Store().config().withBufferBudget(2L * PART));
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int seed = w;
                done.add(pool.submit(() -> {
                    start.await();
                    byte[] data = randomBytes(2 * PART + 1000 * seed + 1, 100 + seed);
                    try (StoreOutput out = budgeted.create("many/" + seed)) {
                        for (int off = 0; off < data.length; off += 100_000) {
                            out.write(data, off, Math.min(100_000, data.length - off));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        PartBufferPool buffers = budgeted.buffers();
        assertThat(buffers.budgetBytes()).isEqualTo(2L * PART);
        assertThat(buffers.peakLeasedBytes()).isPositive().isLessThanOrEqualTo(2L * PART);
        assertThat(buffers.peakAllocatedBytes()).isLessThanOrEqualTo(2L * PART);
        assertThat(buffers.allocatedBytes()).as("an idle store keeps no buffer").isZero();
        for (int w = 0; w < writers; w++) {
            try (InputStream in = budgeted.open("many/" + w)) {
                assertThat(in.readAllBytes()).as("object many/%d", w).isEqualTo(randomBytes(2 * PART + 1000 * w + 1, 100 + w));
            }
        }
        assertThat(pendingUploads()).isEmpty();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aWriterPastTheBudgetWaitsForABufferInsteadOfAllocatingOne() throws Exception {
        S3BackupStore budgeted = S3.store(s3Store().config().withBufferBudget(PART + PART / 2));
        PartBufferPool buffers = budgeted.buffers();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            StoreOutput first = budgeted.create("first");
            first.write(bytes("holds the only buffer"));
            Future<?> second = pool.submit(() -> {
                write(budgeted, "second", bytes("waits for it"));
                return null;
            });
            while (buffers.waiting() == 0) {
                Thread.sleep(10); // until the second writer waits; the test's own limit guards a hang
            }

            assertThat(second).isNotDone();
            assertThat(buffers.allocatedBytes()).isEqualTo(PART);
            assertThat(store.list("")).isEmpty();
            first.close();
            second.get(1, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }

        assertThat(buffers.waits()).isEqualTo(1);
        assertThat(buffers.peakLeasedBytes()).isEqualTo(PART);
        assertThat(buffers.peakAllocatedBytes()).isEqualTo(PART);
        try (InputStream in = budgeted.open("first"); InputStream in2 = budgeted.open("second")) {
            assertThat(in.readAllBytes()).isEqualTo(bytes("holds the only buffer"));
            assertThat(in2.readAllBytes()).isEqualTo(bytes("waits for it"));
        }
    }

    @Test
    void aBudgetSmallerThanOnePartIsRefusedNamingTheBucket() {
        assertThatThrownBy(() -> s3Store().config().withBufferBudget(PART - 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("buffer budget " + (PART - 1) + " for s3://" + bucket())
                .hasMessageContaining("smaller than one part of " + PART + " bytes");
    }

    private void putDirectly(String bucketKey) {
        S3.client().putObject(r -> r.bucket(bucket()).key(bucketKey), RequestBody.fromBytes(bytes("theirs")));
    }

    private List<String> bucketKeys() {
        return S3.client().listObjectsV2(r -> r.bucket(bucket())).contents().stream().map(S3Object::key).toList();
    }

    private List<String> pendingUploads() {
        return S3.client().listMultipartUploads(r -> r.bucket(bucket())).uploads().stream().map(u -> u.key()).toList();
    }

    private String eTag(String key) {
        return S3.client().headObject(r -> r.bucket(bucket()).key("backups/prod/" + key)).eTag();
    }

    private static void write(BackupStore target, String key, byte[] data) throws IOException {
        try (StoreOutput out = target.create(key)) {
            out.write(data);
        }
    }

    private static String md5(byte[] data) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    /** The operation and headers of every request as it leaves the client, signed. */
    private static final class RequestLog implements ExecutionInterceptor {

        record Request(String operation, SdkHttpRequest http) {
            String header(String name) {
                return http.firstMatchingHeader(name).orElse(null);
            }
        }

        private final List<Request> requests = new CopyOnWriteArrayList<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            requests.add(new Request(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.httpRequest()));
        }

        List<String> operations() {
            return requests.stream().map(Request::operation).toList();
        }

        List<Request> withOperation(String operation) {
            return requests.stream().filter(r -> r.operation().equals(operation)).toList();
        }
    }
}
