package dev.rehearsal.drill.verify;

import dev.rehearsal.core.format.ContentDigest;
import dev.rehearsal.core.format.Manifest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The standard verifiers, by the name they report under. */
public final class Checks {

    public static final String ITEM_COUNT = "item-count";
    public static final String CONTENT_DIGEST = "content-digest";
    public static final String SCHEMA = "schema";
    public static final String SPOT_CHECK = "spot-check";
    public static final String CANARY = "canary";
    public static final String SQL = "sql";

    /** At most this many differing keys are reported for a digest mismatch. */
    public static final int MAX_DIFFERENCES = 20;

    private Checks() {
    }

    /** Runs the {@linkplain #standard() standard checks}, then {@code extra}, in that order, on one restored table. */
    public static List<CheckResult> run(VerificationContext context, List<Verifier> extra) throws InterruptedException {
        List<CheckResult> results = new ArrayList<>();
        for (Verifier v : standard()) {
            results.add(v.verify(context));
        }
        for (Verifier v : extra) {
            results.add(v.verify(context));
        }
        return results;
    }

    /** The item count of the restored table, from a fresh scan, equals the manifest's. */
    public static Verifier itemCount() {
        return ctx -> {
            long expected = ctx.manifest().totals().items();
            long actual = ctx.restoredDigest().items();
            String evidence = "backup has " + expected + " items, restored table has " + actual;
            return expected == actual ? CheckResult.pass(ITEM_COUNT, evidence)
                    : CheckResult.fail(ITEM_COUNT, evidence, List.of());
        };
    }

    /** The content digest recomputed from the restored table equals the manifest's; if not, the differing keys. */
    public static Verifier contentDigest() {
        return ctx -> {
            ContentDigest expected = ctx.manifest().contentDigest();
            ContentDigest actual = ctx.restoredDigest();
            if (expected.equals(actual)) {
                return CheckResult.pass(CONTENT_DIGEST, "digest " + actual.display() + " matches the backup");
            }
            List<String> differences = new DiffFinder().find(ctx, MAX_DIFFERENCES);
            return CheckResult.fail(CONTENT_DIGEST, "backup digest " + expected.display() + ", restored table digest "
                    + actual.display(), differences);
        };
    }

    /** The restored table's definition (keys, columns or attributes, indexes, and the engine's settings) matches the manifest. */
    public static Verifier schema() {
        return ctx -> {
            List<String> differences = ctx.sink().schemaDifferences(ctx.manifest().table().schema(), ctx.target());
            return differences.isEmpty()
                    ? CheckResult.pass(SCHEMA, "the table definition matches the backup (keys, attributes or columns, indexes, time-to-live)")
                    : CheckResult.fail(SCHEMA, differences.size() + " schema difference(s)", differences);
        };
    }

    /** Items sampled at random from the backup are read back by key and compared exactly. */
    public static Verifier spotCheck() {
        return ctx -> {
            List<String> problems = new ArrayList<>();
            Manifest m = ctx.manifest();
            for (byte[] sample : ctx.samples()) {
                Optional<byte[]> restored = ctx.sink().fetch(ctx.target(), m.table().schema(), sample);
                String key = ctx.codec().key(sample);
                if (restored.isEmpty()) {
                    problems.add("missing: " + key);
                } else if (!Arrays.equals(ctx.codec().hash(sample), ctx.codec().hash(restored.get()))) {
                    problems.add("changed: " + key + " attributes " + ctx.codec().differingAttributes(sample, restored.get()));
                }
            }
            String evidence = ctx.samples().size() + " random items read back by key, " + problems.size() + " differ";
            return problems.isEmpty() ? CheckResult.pass(SPOT_CHECK, evidence)
                    : CheckResult.fail(SPOT_CHECK, evidence, problems);
        };
    }

    /**
     * A configured item must come back exactly.
     *
     * @param expectedLine the item as a data-object line, in the engine's line format (FORMAT.md)
     */
    public static Verifier canary(byte[] expectedLine) {
        return ctx -> {
            String key = ctx.codec().key(expectedLine);
            Optional<byte[]> restored = ctx.sink().fetch(ctx.target(), ctx.manifest().table().schema(), expectedLine);
            if (restored.isEmpty()) {
                return CheckResult.fail(CANARY, "canary " + key + " is missing from the restored table", List.of());
            }
            List<String> differing = ctx.codec().differingAttributes(expectedLine, restored.get());
            return differing.isEmpty() ? CheckResult.pass(CANARY, "canary " + key + " came back exactly")
                    : CheckResult.fail(CANARY, "canary " + key + " differs in " + differing, List.of());
        };
    }

    /**
     * A query run against the restored table must return the expected result, rendered as
     * {@link SqlCheck#render}. Reports under {@code sql:<name>}; a sink that cannot run queries fails it.
     */
    public static Verifier sql(SqlCheck check) {
        return ctx -> {
            String name = SQL + ":" + check.name();
            if (!(ctx.sink() instanceof dev.rehearsal.drill.sink.QueryRunner runner)) {
                return CheckResult.fail(name, "the " + ctx.sink().info().kind() + " sandbox cannot run SQL checks",
                        List.of());
            }
            String actual;
            try {
                actual = SqlCheck.render(runner.query(ctx.target(), check.query()));
            } catch (RuntimeException e) {
                return CheckResult.fail(name, "query failed: " + e.getMessage(), List.of(check.query()));
            }
            String evidence = "[" + check.query() + "] returned '" + actual + "'"
                    + (actual.equals(check.expected()) ? "" : ", expected '" + check.expected() + "'");
            return actual.equals(check.expected()) ? CheckResult.pass(name, evidence)
                    : CheckResult.fail(name, evidence, List.of());
        };
    }

    /** The standard set: count, digest, schema and spot check. */
    public static List<Verifier> standard() {
        return List.of(itemCount(), contentDigest(), schema(), spotCheck());
    }
}
