package dev.rehearsal.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link PipelineBenchmarks} (bench/run-jmh.sh) and reports each as MiB of JSON lines a second
 * on one core, with the paths' ratios to their floors. Flags: {@code --kinds orders,payload},
 * {@code --warmup N} [8] and {@code --iterations N} [5] (of {@code --seconds S} [3] each), {@code --forks F},
 * {@code --only REGEX} (benchmark methods), {@code --results DIR}.
 */
public final class PipelineCost {

    private static final double MIB = 1024.0 * 1024.0;

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            flags.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String[] kinds = flags.getOrDefault("kinds", "orders,payload").split(",");
        int seconds = Integer.parseInt(flags.getOrDefault("seconds", "3"));
        Path results = Path.of(flags.getOrDefault("results", "bench/results/jmh")).toAbsolutePath();
        Files.createDirectories(results);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(PipelineBenchmarks.class.getName() + "." + flags.getOrDefault("only", ".*"))
                .param("kind", kinds)
                .warmupIterations(Integer.parseInt(flags.getOrDefault("warmup", "8")))
                .warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(Integer.parseInt(flags.getOrDefault("iterations", "5")))
                .measurementTime(TimeValue.seconds(seconds))
                .forks(Integer.parseInt(flags.getOrDefault("forks", "1")))
                .threads(1)
                .jvmArgsAppend("-Xmx512m")
                .result(results.resolve("jmh.json").toString())
                .resultFormat(org.openjdk.jmh.results.format.ResultFormatType.JSON);
        Collection<RunResult> runs = new Runner(options.build()).run();

        Map<String, Long> bytes = new LinkedHashMap<>();
        for (String kind : kinds) {
            bytes.put(kind, PipelineBenchmarks.lineBytes(kind));
        }
        Map<String, double[]> mibs = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "One thread; one operation is %,d items. MiB/s are of JSON lines (newlines"
                + " included) whatever the benchmark handles, so all rows share one numerator:%s.%n%n", PipelineBenchmarks.ITEMS,
                bytes.entrySet().stream().map(e -> String.format(Locale.ROOT, " %s %,d bytes an operation (%.0f bytes an item)",
                        e.getKey(), e.getValue(), (double) e.getValue() / PipelineBenchmarks.ITEMS)).reduce((a, b) -> a + ";" + b)
                        .orElse("")));
        out.append("| Benchmark | Items | ops/s ± error | MiB/s per core | Items/s per core |\n|---|---|---:|---:|---:|\n");
        for (RunResult r : runs) {
            String method = r.getParams().getBenchmark().replaceFirst(".*\\.", "");
            String kind = r.getParams().getParam("kind");
            double score = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            double mib = score * bytes.get(kind) / MIB;
            mibs.put(method + "/" + kind, new double[] {mib, error * bytes.get(kind) / MIB});
            out.append(String.format(Locale.ROOT, "| %s | %s | %.2f ± %.2f | %.1f | %,.0f |%n", method, kind, score,
                    Double.isNaN(error) ? 0 : error, mib, score * PipelineBenchmarks.ITEMS));
        }
        out.append("\n| Ratio (time of the path / time of its floor) | Items | Value | Target | |\n|---|---|---:|---|---|\n");
        for (String kind : kinds) {
            for (String path : List.of("backup", "restore")) {
                double[] p = mibs.get(path + "Path/" + kind);
                double[] f = mibs.get(path + "Floor/" + kind);
                if (p != null && f != null) {
                    double ratio = f[0] / p[0];
                    out.append(String.format(Locale.ROOT, "| %s path / floor | %s | %.2f× | ≤ 2.0× | %s |%n", path, kind, ratio,
                            ratio <= 2.0 ? "met" : "**missed**"));
                }
            }
        }
        String text = out.toString();
        Files.writeString(results.resolve("results.md"), text, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(text);
        System.out.println("Written to " + results.resolve("results.md"));
    }
}
