package dev.rehearsal.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The values files in the chart's {@code ci/}: each is rendered, linted and checked. */
final class CiValues {

    private CiValues() {
    }

    /** Every file of {@code ci/}, so that a new one is checked without being listed anywhere. */
    static List<String> files() {
        try (var files = Files.list(RenderedChart.CI_VALUES)) {
            List<String> names = files.map(Path::getFileName).map(Path::toString).filter(f -> f.endsWith(".yaml"))
                    .sorted().toList();
            if (names.size() < 5) {
                throw new IllegalStateException("expected the values files of " + RenderedChart.CI_VALUES + ", found " + names);
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
