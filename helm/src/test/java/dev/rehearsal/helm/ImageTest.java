package dev.rehearsal.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No container engine runs where this build runs, so the image is not built here; what is checked is
 * that the Dockerfile and the chart agree on what the pod relies on.
 */
class ImageTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theImageRunsAsTheUserTheChartExpectsOnItsPort() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        Map<String, Object> values = new Yaml().load(Files.readString(RenderedChart.CHART.resolve("values.yaml")));

        Matcher user = Pattern.compile("(?m)^USER (\\d+):(\\d+)$").matcher(dockerfile);
        assertThat(user.find()).as("a numeric USER uid:gid, which runAsNonRoot can check").isTrue();
        assertThat(Integer.parseInt(user.group(1))).isEqualTo(Tree.at(values, "podSecurityContext", "runAsUser"));
        assertThat(Integer.parseInt(user.group(2))).isEqualTo(Tree.at(values, "podSecurityContext", "runAsGroup"));
        assertThat(dockerfile).contains("EXPOSE " + Tree.at(values, "containerPort"));
        assertThat(dockerfile).containsPattern("(?m)^ENTRYPOINT \\[\"java\", \"-jar\", ");
    }

    @Test
    void theBuildStagePackagesTheDashboardsRunnableJarOnJava17() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        List<String> from = Pattern.compile("(?m)^FROM (\\S+)").matcher(dockerfile).results()
                .map(r -> r.group(1)).toList();

        assertThat(from).hasSize(2).allSatisfy(image -> assertThat(image).contains(":17-"));
        assertThat(dockerfile).contains("./mvnw -B -DskipTests package -pl dashboard -am")
                .contains("dashboard/target/dashboard-*-exec.jar");
        // The jar's name comes from the dashboard's repackage classifier.
        assertThat(Files.readString(ROOT.resolve("dashboard/pom.xml"))).contains("<classifier>exec</classifier>");
        assertThat(Files.readAllLines(ROOT.resolve(".dockerignore"))).contains("**/target", ".git");
    }
}
